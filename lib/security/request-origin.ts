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
 * Pure and runtime-neutral: used by proxy.ts (server actions) and by every app/api route handler (sameOriginOnly).
 */

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
 * The origin the browser used to reach the app. Behind a TLS-terminating proxy the app sees its own host and http;
 * X-Forwarded-Host/-Proto (first hop) name what the browser saw. A page cannot forge those headers on a cross-origin
 * request: custom headers force a CORS preflight, which this app never grants.
 */
export function expectedOrigin({ url, headers }: Pick<RequestLike, 'url' | 'headers'>): string {
  const requestUrl = new URL(url);
  const host = firstValue(headers.get('x-forwarded-host')) ?? firstValue(headers.get('host')) ?? requestUrl.host;
  const proto = firstValue(headers.get('x-forwarded-proto'))?.toLowerCase().replace(/:$/, '') ?? requestUrl.protocol.replace(/:$/, '');
  return `${proto}://${host}`.toLowerCase();
}

export function checkRequestOrigin(request: RequestLike): OriginVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site')?.toLowerCase();
  if (origin === null) {
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
      return { ok: false, message: `Refused: this ${request.method} came from another site (Sec-Fetch-Site: ${fetchSite}) without an Origin header. Only this app's own pages may change data.` };
    }
    return { ok: true };
  }
  if (origin.trim().toLowerCase() === 'null') {
    return { ok: false, message: `Refused: this ${request.method} came from a sandboxed or opaque origin (Origin: null), such as the Python kernel's frame. Only this app's own pages may change data.` };
  }
  const expected = expectedOrigin(request);
  let actual: string;
  try {
    actual = new URL(origin).origin.toLowerCase();
  } catch {
    return { ok: false, message: `Refused: the Origin header "${origin.slice(0, 100)}" is not an origin. Only this app's own pages may change data.` };
  }
  if (actual !== expected) {
    return { ok: false, message: `Refused: this ${request.method} came from ${actual}, not from this app (${expected}). Only this app's own pages may change data.` };
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
    const verdict = checkRequestOrigin(request);
    if (!verdict.ok) {
      // Never read: a refused upload's body is cancelled so the client stops sending.
      await request.body?.cancel().catch(() => undefined);
      return forbiddenOriginResponse(verdict);
    }
    return handler(request, ...context);
  };
}
