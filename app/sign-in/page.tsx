import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { ThemeToggle } from '@/components/theme-toggle';
import { safeNextPath } from '@/components/auth/auth-api';
import { getEnv } from '@/lib/core/server/env';
import { countUsers, getAuth } from '@/lib/access/server/auth';
import { findInvitation } from '@/lib/access/server/invitations';
import { shortText } from '@/lib/text/cut-text';

// Reads the account count and the configuration per request.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sign in · Ask your data', robots: { index: false, follow: false } };

/** AUTH_MODE=password/oidc only (proxy.ts sends every signed-out page here); the embedded mode has no accounts. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const env = getEnv();
  if (env.AUTH_MODE === 'none') notFound();
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const next = safeNextPath(first(params.next));
  // Better Auth sends single sign-on failures back here as ?error=<code>.
  const error = first(params.error);
  const firstAccount = env.AUTH_MODE === 'password' && (await countUsers()) === 0;
  const signupHint =
    env.AUTH_SIGNUP_DOMAINS.length > 0
      ? `New accounts: addresses at ${env.AUTH_SIGNUP_DOMAINS.join(', ')}.`
      : 'New accounts are closed on this server; ask an administrator for an invitation link.';
  // An invitation link (/sign-in?invite=<token>): whoever holds it may see whom it is for. Sign-up checks it again.
  const inviteToken = env.AUTH_MODE === 'password' ? first(params.invite)?.slice(0, 200) : undefined;
  const invited = inviteToken ? await findInvitation({ adapter: (await (await getAuth()).$context).adapter, token: inviteToken }) : null;
  const invitation = inviteToken && invited && invited.expiresAt.getTime() > Date.now() ? { token: inviteToken, email: invited.email } : undefined;
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-4 p-8">
      <h1 className="text-xl font-semibold">Sign in to Ask your data</h1>
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="sign-in-error">
          Single sign-on failed ({shortText(error, 100)}). Try again, or ask an administrator.
        </p>
      ) : null}
      {inviteToken && !invitation ? (
        <p role="alert" className="text-sm text-red-700" data-testid="invitation-invalid">
          This invitation link is not valid: it was used, withdrawn or has expired. Ask an administrator for a new one.
        </p>
      ) : null}
      <SignInForm mode={env.AUTH_MODE} next={next} firstAccount={firstAccount} signupHint={signupHint} invitation={invitation} />
      <ThemeToggle />
    </main>
  );
}
