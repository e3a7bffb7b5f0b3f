import { NextResponse, type NextRequest } from 'next/server';
import { getSharedAnalysis } from '@/lib/analysis/shared-analysis';
import { getEnv } from '@/lib/env';
import { frameAncestorsDirective } from '@/lib/share/embed-origins';
import { UNAVAILABLE_TEXT, unavailableHtml } from '@/lib/share/unavailable';
import { getStorage } from '@/lib/storage';

/**
 * Request-time headers of the share pages (Next 16's proxy; Node runtime). next.config.mjs headers are fixed when
 * the app is built, but who may frame the embed is deployment configuration (EMBED_ALLOWED_ORIGINS), so the embed's
 * `frame-ancestors` is set here, per request. A page cannot pick its own HTTP status either, so links that no longer
 * work are answered here with 404 (never existed / deleted) or 410 (revoked, expired) and the same text the page shows.
 */

/** Every other page keeps next.config.mjs's `frame-ancestors 'none'` + X-Frame-Options DENY. */
function embedCsp(): string {
  return [frameAncestorsDirective(getEnv().EMBED_ALLOWED_ORIGINS), "object-src 'none'", "base-uri 'self'"].join('; ');
}

/** A browser loading the page itself, not a React Server Components fetch, prefetch or server action. */
function isDocumentRequest(request: NextRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return !request.headers.has('rsc') && !request.headers.has('next-action') && !request.headers.has('next-router-prefetch') && !request.nextUrl.searchParams.has('_rsc');
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const embed = pathname.startsWith('/embed/');
  const shareHeaders: Record<string, string> = embed ? { 'Content-Security-Policy': embedCsp() } : {};
  const id = /^\/(?:a|embed)\/([^/]+)\/?$/.exec(pathname)?.[1];

  if (id && isDocumentRequest(request)) {
    // A storage failure here is left to the page, which reports it the way every page does.
    const outcome = await getSharedAnalysis({ storage: getStorage(), id }).catch(() => null);
    if (outcome && !outcome.ok) {
      return new NextResponse(request.method === 'HEAD' ? null : unavailableHtml({ reason: outcome.reason, message: outcome.message, embed }), {
        status: UNAVAILABLE_TEXT[outcome.reason].status,
        headers: { ...shareHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'no-referrer' },
      });
    }
  }
  const response = NextResponse.next();
  for (const [key, value] of Object.entries(shareHeaders)) response.headers.set(key, value);
  return response;
}

// Only the share pages: never the storage object route, the API or static assets.
export const config = {
  matcher: ['/a/:path*', '/embed/:path*'],
};
