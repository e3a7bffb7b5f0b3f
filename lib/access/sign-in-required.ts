/**
 * No session in a sign-in mode (AUTH_MODE=password/oidc): thrown by lib/access/server/caller.ts, answered as
 * `{ ok: false, code: 'unauthenticated' }` by every action (lib/access/server/service-action.ts) and as 401 by every route
 * (lib/access/server/route-guard.ts). Its own module so services can recognise it without importing next/headers.
 */
export class SignInRequiredError extends Error {
  readonly code = 'unauthenticated';
  constructor() {
    super('Sign in first: this server requires an account (your session is missing or has ended).');
  }
}

/** The 401 JSON every guarded route (and proxy.ts, for actions) answers, in the shape the app's routes use for errors. */
export function unauthenticatedResponse(error: SignInRequiredError = new SignInRequiredError()): Response {
  return Response.json(
    { ok: false, code: error.code, error: error.code, message: error.message, retryable: false },
    { status: 401, headers: { 'Cache-Control': 'no-store' } },
  );
}
