import { NextResponse, type NextRequest } from 'next/server';
import { getSharedAnalysis } from '@/lib/share/server/shared-analysis';
import { getEnv } from '@/lib/core/server/env';
import { unauthenticatedResponse } from '@/lib/access/sign-in-required';
import { exceedsBodyLimit, SERVER_ACTION_MAX_BODY_BYTES } from '@/lib/access/server/read-body';
import { checkRequestOrigin, configuredPublicOrigin, expectedOrigin, forbiddenOriginResponse } from '@/lib/access/server/request-origin';
import { appPageCsp } from '@/lib/access/server/app-page-csp';
import { newNonce } from '@/lib/access/server/page-csp';
import { embedNoticeHtml, embedThemeOf, refusedParentOrigin } from '@/lib/share/embed-notice';
import { UNAVAILABLE_TEXT, unavailableHtml } from '@/lib/share/unavailable';
import { getStorage } from '@/lib/storage/server';

/**
 * Request-time rules of every page (Next 16's proxy; Node runtime):
 * 1. Server actions (POSTs to a page with a `next-action` header) and any other state-changing request to a page
 *    must come from this app's own origin: code escaped from the kernel's opaque-origin frame sends `Origin: null`.
 *    Next's own action check lets `Origin: null` through, so it is refused here (lib/access/server/request-origin.ts).
 * 2. The page CSP with a fresh nonce, set on the request too: Next reads the nonce from the request's CSP header and
 *    tags its scripts with it (pages are rendered per request for that: see app/layout.tsx).
 * 3. Share links that no longer work are answered with 404/410 and the text the page shows (a page cannot pick its
 *    own HTTP status). The embed's `frame-ancestors` comes from EMBED_ALLOWED_ORIGINS, deployment configuration.
 * 4. AUTH_MODE=password/oidc: every page but share links, embeds and the sign-in page needs a session (a browser
 *    without one is sent to /sign-in), and so does every server action, wherever it is posted (401). The actions
 *    and routes check again themselves (lib/access/server/caller.ts): this is the early, uniform answer, not the only one.
 * 5. A server-action (or any page POST) body over 1 MB is refused with 413 before the action parses a byte of it: by
 *    its Content-Length, or by counting the copy Next hands the proxy when it is chunked (Next then drops the buffered
 *    original; proxyClientMaxBodySize in next.config.mjs bounds that buffer).
 */

function bodyTooLarge(): NextResponse {
  const message = `Refused: a server action's request body is limited to ${SERVER_ACTION_MAX_BODY_BYTES / (1024 * 1024)} MB.`;
  return NextResponse.json(
    { ok: false, code: 'too_large', error: 'too_large', message, retryable: false },
    { status: 413, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** A browser loading the page itself, not a React Server Components fetch, prefetch or server action. */
function isDocumentRequest(request: NextRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return (
    !request.headers.has('rsc') &&
    !request.headers.has('next-action') &&
    !request.headers.has('next-router-prefetch') &&
    !request.nextUrl.searchParams.has('_rsc')
  );
}

/** Pages anyone may open in the sign-in modes: share links and embeds (their 128-bit id is the permission), sign-in. */
const OPEN_PAGE = /^\/(?:(?:a|embed)\/[^/]+|sign-in)\/?$/;

/** In the sign-in modes, what a request without a session gets instead of the page or action (null: let it through). */
async function sessionGate(request: NextRequest): Promise<NextResponse | null> {
  const env = getEnv();
  if (env.AUTH_MODE === 'none') return null;
  const { pathname, search } = request.nextUrl;
  const isAction = request.headers.has('next-action') || (request.method !== 'GET' && request.method !== 'HEAD');
  const isOpen = !isAction && OPEN_PAGE.test(pathname);
  // Loaded only in the sign-in modes: AUTH_MODE=none never opens Better Auth's database.
  const { readSessionUser } = await import('@/lib/access/server/session');
  const user = await readSessionUser({ headers: request.headers });
  const base = env.BETTER_AUTH_URL ?? request.nextUrl.origin;
  if (user && pathname.replace(/\/$/, '') === '/sign-in') return NextResponse.redirect(new URL('/', base), 303);
  if (user || isOpen) return null;
  if (isAction) {
    const refused = unauthenticatedResponse();
    return new NextResponse(refused.body, { status: refused.status, headers: refused.headers });
  }
  const signIn = new URL('/sign-in', base);
  if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn, 307);
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const verdict = checkRequestOrigin(request, { publicOrigin: configuredPublicOrigin(getEnv()) });
  if (!verdict.ok) {
    const refused = forbiddenOriginResponse(verdict);
    return new NextResponse(refused.body, { status: refused.status, headers: refused.headers });
  }
  const gated = await sessionGate(request);
  if (gated) return gated;
  if (request.method !== 'GET' && request.method !== 'HEAD' && (await exceedsBodyLimit({ request, maxBytes: SERVER_ACTION_MAX_BODY_BYTES })))
    return bodyTooLarge();

  const { pathname } = request.nextUrl;
  const embed = pathname.startsWith('/embed/');
  const nonce = newNonce();
  const origin = expectedOrigin({ url: request.url, headers: request.headers, publicOrigin: configuredPublicOrigin(getEnv()) });
  const csp = appPageCsp({ embed, scripts: { nonce }, origin });
  const id = /^\/(?:a|embed)\/([^/]+)\/?$/.exec(pathname)?.[1];

  if (id && isDocumentRequest(request)) {
    const noticeHeaders = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
      'Referrer-Policy': 'no-referrer',
    };
    const allowed = getEnv().EMBED_ALLOWED_ORIGINS;
    if (embed && refusedParentOrigin({ headers: request.headers, appOrigin: request.nextUrl.origin, allowed })) {
      // A parent that may not frame the embed gets a notice it may show (no analysis content, no script) instead of
      // the browser's broken-frame icon. Without a Referer the real page answers and its frame-ancestors refuses.
      const body = embedNoticeHtml({
        title: 'Not available on this site',
        message: 'This analysis can only be embedded on the sites its server allows.',
        theme: embedThemeOf(request.nextUrl),
        link: { href: `/a/${encodeURIComponent(id)}`, text: 'Open it on Ask your data' },
      });
      return new NextResponse(request.method === 'HEAD' ? null : body, {
        status: 403,
        headers: {
          ...noticeHeaders,
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *",
        },
      });
    }
    // A storage failure here is left to the page, which reports it the way every page does.
    const outcome = await getSharedAnalysis({ storage: getStorage(), id }).catch(() => null);
    if (outcome && !outcome.ok) {
      const body = embed
        ? embedNoticeHtml({
            title: UNAVAILABLE_TEXT[outcome.reason].title,
            message: outcome.message,
            theme: embedThemeOf(request.nextUrl),
            script: { nonce, heightTargets: allowed },
          })
        : unavailableHtml({ reason: outcome.reason, message: outcome.message });
      return new NextResponse(request.method === 'HEAD' ? null : body, {
        status: UNAVAILABLE_TEXT[outcome.reason].status,
        headers: { ...noticeHeaders, 'Content-Security-Policy': csp },
      });
    }
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  // Server actions may stream their result (the ask and repair actions stream events while the model writes):
  // proxies such as nginx would otherwise buffer the response and the code would not appear as it is written.
  if (request.headers.has('next-action')) response.headers.set('X-Accel-Buffering', 'no');
  return response;
}

/**
 * Every page and server action. Never /api/*: Next buffers each request body the proxy sees and silently truncates
 * it at 10 MB (proxyClientMaxBodySize), which would corrupt uploads and saves; route handlers check the Origin
 * themselves (sameOriginOnly). Never static files or the kernel's assets, which carry their own headers.
 */
export const config = {
  matcher: ['/((?!api/|_next/static/|_next/image|kernel/|pyodide/|favicon\\.ico).*)'],
};
