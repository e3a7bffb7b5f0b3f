/**
 * The wall's request check: a state-changing request must come from a page of this app. Code that escapes the
 * Python kernel runs in an opaque-origin frame (sandbox="allow-scripts"); its requests carry `Origin: null`, no
 * cookies and `Sec-Fetch-Site: cross-site`, and a "simple" POST still reaches the server without a CORS preflight.
 * Another site's page sends its own Origin. Both are refused here, before any work is done.
 *
 * A request with no Origin at all and no cross-site Sec-Fetch-Site is not from a browser page (browsers send Origin
 * on every non-GET/HEAD request): curl, the AWS CLI, tests. It passes: such a client holds no victim's cookies, and
 * the routes it can reach are gated by their own capability (the signed storage URL, an owner cookie it must own).
 *
 * checkRequestOrigin is pure and runtime-neutral: used by proxy.ts (server actions), by every app/api route handler
 * (sameOriginOnly) and by the save route, each with the configured public origin.
 */
import { getEnv } from '@/lib/core/server/env';
import { shortText } from '@/lib/text/cut-text';

/** Methods that never change state here; everything else is checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type OriginVerdict = { ok: true } | { ok: false; message: string };

interface RequestLike {
  method: string;
  url: string;
  headers: Pick<Headers, 'get'>;
}

function firstValue(value: string | null): string | null {
  const first = value?.split(',')[0]?.trim();
  return first ? first : null;
}

/**
 * The origin this app's pages have: the configured public origin (PUBLIC_ORIGIN, else BETTER_AUTH_URL) when there is
 * one, else — AUTH_MODE=none on loopback — the scheme and the Host the request reached this server with. Never
 * X-Forwarded-Host/-Proto: any client can write those, and no check may take the expected answer from the request it
 * is checking beyond the Host a browser sets itself. Behind a TLS-terminating proxy the operator sets PUBLIC_ORIGIN.
 */
export function expectedOrigin({ url, headers, publicOrigin }: Pick<RequestLike, 'url' | 'headers'> & { publicOrigin?: string | undefined }): string {
  if (publicOrigin) return new URL(publicOrigin).origin.toLowerCase();
  const requestUrl = new URL(url);
  const host = firstValue(headers.get('host')) ?? requestUrl.host;
  return `${requestUrl.protocol}//${host}`.toLowerCase();
}

/** The configured public origin, if any: PUBLIC_ORIGIN, else BETTER_AUTH_URL (required in the sign-in modes). */
export function configuredPublicOrigin(env: { PUBLIC_ORIGIN?: string | undefined; BETTER_AUTH_URL?: string | undefined }): string | undefined {
  return env.PUBLIC_ORIGIN ?? env.BETTER_AUTH_URL;
}

export function checkRequestOrigin(request: RequestLike, { publicOrigin }: { publicOrigin?: string | undefined } = {}): OriginVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site')?.toLowerCase();
  if (origin === null) {
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
      return {
        ok: false,
        message: `Refused: this ${request.method} came from another site (Sec-Fetch-Site: ${fetchSite}) without an Origin header. Only this app's own pages may change data.`,
      };
    }
    return { ok: true };
  }
  if (origin.trim().toLowerCase() === 'null') {
    return {
      ok: false,
      message: `Refused: this ${request.method} came from a sandboxed or opaque origin (Origin: null), such as the Python kernel's frame. Only this app's own pages may change data.`,
    };
  }
  const expected = expectedOrigin({ url: request.url, headers: request.headers, publicOrigin });
  let actual: string;
  try {
    actual = new URL(origin).origin.toLowerCase();
  } catch {
    return { ok: false, message: `Refused: the Origin header "${shortText(origin, 100)}" is not an origin. Only this app's own pages may change data.` };
  }
  if (actual !== expected) {
    const hint = publicOrigin ? '' : ' Behind a reverse proxy, set PUBLIC_ORIGIN to the address browsers use.';
    return {
      ok: false,
      message: `Refused: this ${request.method} came from ${actual}, not from this app (${expected}). Only this app's own pages may change data.${hint}`,
    };
  }
  return { ok: true };
}

/** The refusal every checked route answers: 403 JSON in the shape the app's routes use for errors. */
export function forbiddenOriginResponse({ message }: { message: string }): Response {
  return Response.json(
    { ok: false, code: 'forbidden_origin', error: 'forbidden_origin', message, retryable: false },
    { status: 403, headers: { 'Cache-Control': 'no-store', Vary: 'Origin' } },
  );
}

/**
 * Wraps a route handler so it refuses a foreign or opaque Origin before doing anything. Route handlers need their own
 * check because proxy.ts does not run for /api/*: Next buffers (and silently truncates at 10 MB) every request body
 * the proxy sees, which would break uploads and saves.
 */
export function sameOriginOnly<Context extends unknown[]>(
  handler: (request: Request, ...context: Context) => Promise<Response>,
): (request: Request, ...context: Context) => Promise<Response> {
  return async (request, ...context) => {
    const verdict = checkRequestOrigin(request, { publicOrigin: configuredPublicOrigin(getEnv()) });
    if (!verdict.ok) {
      // Never read: a refused upload's body is cancelled so the client stops sending.
      await request.body?.cancel().catch(() => undefined);
      return forbiddenOriginResponse(verdict);
    }
    return handler(request, ...context);
  };
}
