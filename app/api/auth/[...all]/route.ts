import { getEnv } from '@/lib/core/server/env';
import { clientKey } from '@/lib/access/server/rate-limit';
import { CLIENT_ADDRESS_HEADER, getAuth } from '@/lib/access/server/auth';
import { readBodyLimited } from '@/lib/access/server/read-body';
import { sameOriginOnly } from '@/lib/access/server/request-origin';

// Sessions and sign-in state change with every call: never cached or pre-rendered.
export const dynamic = 'force-dynamic';

/** Sign-in, sign-up and sign-out bodies are a few hundred bytes; anything larger is refused before it is parsed. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Better Auth's endpoints (AUTH_MODE=password/oidc): /api/auth/sign-up/email, /sign-in/email, /sign-in/social,
 * /callback/oidc (the OpenID provider's redirect), /sign-out, /get-session. In AUTH_MODE=none there are no accounts
 * and every path answers 404.
 *
 * proxy.ts never sees /api/*. POSTs are also checked by sameOriginOnly (the same Origin rule as every other route);
 * Better Auth then runs its own CSRF check (Origin against BETTER_AUTH_URL) on top. The OpenID provider returns with
 * a GET (response_mode=query), which neither check refuses.
 */
async function handle(request: Request): Promise<Response> {
  if (getEnv().AUTH_MODE === 'none') {
    await request.body?.cancel().catch(() => undefined);
    return Response.json({ ok: false, code: 'not_found', message: 'Accounts are off on this server (AUTH_MODE=none).', retryable: false }, { status: 404 });
  }
  const auth = await getAuth();
  const headers = withClientAddress(request);
  if (request.method === 'GET' || request.method === 'HEAD') return auth.handler(new Request(request.url, { method: request.method, headers }));
  const body = await readBodyLimited({ request, maxBytes: MAX_BODY_BYTES });
  if (!body.ok)
    return Response.json(
      { ok: false, code: 'too_large', message: `Sign-in requests are limited to ${MAX_BODY_BYTES / 1024} KB.`, retryable: false },
      { status: 413 },
    );
  // Rebuilt from the bytes already read (a stream can be read once); method and URL are the original ones.
  return auth.handler(new Request(request.url, { method: request.method, headers, body: body.text }));
}

/** The request's headers with the client address Better Auth may believe (see CLIENT_ADDRESS_HEADER); a client's own value is dropped. */
function withClientAddress(request: Request): Headers {
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const key = clientKey({ request, trustedProxies: getEnv().TRUSTED_PROXY_COUNT });
  if (key.startsWith('ip:')) headers.set(CLIENT_ADDRESS_HEADER, key.slice('ip:'.length));
  return headers;
}

export const GET = handle;
export const POST = sameOriginOnly(handle);
