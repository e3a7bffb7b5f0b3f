import { z } from 'zod';

/**
 * The browser's side of Better Auth's endpoints (app/api/auth/[...all]/route.ts), as plain same-origin fetches whose
 * answers are checked with zod: the page needs four calls and a message on failure, not Better Auth's client bundle.
 */

const failureSchema = z.object({ message: z.string().optional(), code: z.string().optional() }).loose();
const redirectSchema = z.object({ url: z.url() }).loose();

export type AuthCallResult = { ok: true; body: unknown } | { ok: false; message: string };

async function postJson({ path, body, headers = {} }: { path: string; body: object; headers?: Record<string, string> }): Promise<AuthCallResult> {
  let response: Response;
  try {
    response = await fetch(`/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, message: 'The server did not answer. Check your connection and try again.' };
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, body: parsed };
  const failure = failureSchema.safeParse(parsed);
  const message = failure.success ? failure.data.message : undefined;
  return { ok: false, message: message ?? `The server refused (HTTP ${response.status}).` };
}

export function signInWithPassword({ email, password }: { email: string; password: string }): Promise<AuthCallResult> {
  return postJson({ path: 'sign-in/email', body: { email, password } });
}

/** `invite`: the token of an invitation link (`/sign-in?invite=…`), sent in the header the server reads it from. */
export function signUpWithPassword({
  name,
  email,
  password,
  invite,
}: {
  name: string;
  email: string;
  password: string;
  invite?: string;
}): Promise<AuthCallResult> {
  // The header name is lib/access/server/invitations.ts INVITE_HEADER (that module is server-only).
  return postJson({ path: 'sign-up/email', body: { name, email, password }, ...(invite ? { headers: { 'x-ayd-invite': invite } } : {}) });
}

export function signOut(): Promise<AuthCallResult> {
  return postJson({ path: 'sign-out', body: {} });
}

/** Starts single sign-on: the URL of the OpenID provider's sign-in page, or why not. */
export async function startSingleSignOn({ next }: { next: string }): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const result = await postJson({ path: 'sign-in/social', body: { provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in' } });
  if (!result.ok) return result;
  const redirect = redirectSchema.safeParse(result.body);
  return redirect.success ? { ok: true, url: redirect.data.url } : { ok: false, message: 'The server did not say where to sign in.' };
}

/** Where to go after signing in: a path of this app only (never `//host` or `https://…`: no open redirect). */
export function safeNextPath(value: string | undefined | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
