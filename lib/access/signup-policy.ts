/**
 * Who may create an account (pure, so it is tested without a database).
 *
 * - AUTH_MODE=password: the very first account may always be created (it becomes admin: lib/access/server/auth.ts).
 *   After that, only addresses in the sign-up domains (AUTH_SIGNUP_DOMAINS and those an admin added on /admin); with
 *   none, sign-up is closed. An invitation link admits its one address whatever this says (lib/access/server/auth.ts).
 * - AUTH_MODE=oidc: the organisation's OpenID provider decides who exists, so every identity it vouches for gets an
 *   account on first sign-in; AUTH_SIGNUP_DOMAINS, when set, narrows that to those email domains.
 *
 * Returns null to allow, or the message the person trying to sign up sees.
 */
export function signupRefusal({
  mode,
  method,
  email,
  existingUsers,
  domains,
}: {
  mode: 'none' | 'password' | 'oidc';
  /** Better Auth's provisioning method: `email-password`, `oauth`, … */
  method: string;
  email: string;
  existingUsers: number;
  domains: readonly string[];
}): string | null {
  if (mode === 'none') return 'Accounts are off (AUTH_MODE=none).';
  if (mode === 'password' && method !== 'email-password') return 'Only email and password sign-up is enabled here.';
  if (mode === 'oidc' && method !== 'oauth') return 'Accounts here come from single sign-on only.';
  if (mode === 'password' && existingUsers === 0) return null;
  if (mode === 'oidc' && domains.length === 0) return null;
  const domain = email.toLowerCase().split('@').at(-1) ?? '';
  if (domains.includes(domain)) return null;
  if (domains.length === 0) return 'Sign-up is closed: ask an administrator for an invitation link or to allow your email domain.';
  return `Sign-up is open to addresses at ${domains.join(', ')} only.`;
}
