import 'server-only';
import { getEnv } from '@/lib/core/server/env';
import { getViewer } from './caller';
import { SignInRequiredError, unauthenticatedResponse } from '../sign-in-required';

/**
 * Wraps a route handler so that, in AUTH_MODE=password/oidc, a caller with no session is answered 401 before anything
 * else happens (the body is not read). AUTH_MODE=none passes straight through: there the anonymous owner cookie is
 * the identity and each service checks it. Capability routes (figures, signed storage URLs, the kernel frame) are
 * not wrapped: their 128-bit id or signature is the permission.
 */
export function signedInOnly<Context extends unknown[]>(
  handler: (request: Request, ...context: Context) => Promise<Response>,
): (request: Request, ...context: Context) => Promise<Response> {
  return async (request, ...context) => {
    if (getEnv().AUTH_MODE !== 'none') {
      try {
        await getViewer();
      } catch (error) {
        if (!(error instanceof SignInRequiredError)) throw error;
        await request.body?.cancel().catch(() => undefined);
        return unauthenticatedResponse(error);
      }
    }
    return handler(request, ...context);
  };
}
