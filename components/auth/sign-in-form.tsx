'use client';

import { useState, type FormEvent } from 'react';
import { signInWithPassword, signUpWithPassword, startSingleSignOn } from './auth-api';

/** Why the last attempt failed, announced to screen readers; nothing before one failed. */
function AuthError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" data-testid="auth-error" className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** The sign-in page's form: email + password (sign in or create an account) or single sign-on, by AUTH_MODE. */
export function SignInForm({
  mode,
  next,
  firstAccount,
  signupHint,
  invitation,
}: {
  mode: 'password' | 'oidc';
  next: string;
  firstAccount: boolean;
  signupHint: string;
  /** An invitation link's token and the address it is for: the form creates that account. */
  invitation?: { token: string; email: string } | undefined;
}) {
  const [creating, setCreating] = useState(firstAccount || invitation !== undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const name = String(form.get('name') ?? '').trim() || email.split('@')[0] || email;
    setBusy(true);
    setError(null);
    const result = creating
      ? await signUpWithPassword({ name, email, password, ...(invitation ? { invite: invitation.token } : {}) })
      : await signInWithPassword({ email, password });
    if (result.ok) {
      // A full navigation: the new session cookie must reach the server-rendered page.
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.message);
  }

  async function singleSignOn() {
    setBusy(true);
    setError(null);
    const result = await startSingleSignOn({ next });
    if (result.ok) {
      window.location.assign(result.url);
      return;
    }
    setBusy(false);
    setError(result.message);
  }

  if (mode === 'oidc') {
    return (
      <div className="flex flex-col gap-3">
        <button
          type="button"
          data-testid="sso-sign-in"
          disabled={busy}
          onClick={() => void singleSignOn()}
          className="rounded bg-sky-700 px-4 py-2 text-white disabled:opacity-50"
        >
          Sign in with single sign-on
        </button>
        <AuthError message={error} />
      </div>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-3">
      {firstAccount ? <p className="text-sm text-slate-700">No accounts yet: the first account you create here administers this server.</p> : null}
      {invitation && creating ? (
        <p className="text-sm text-slate-700" data-testid="invitation-note">
          You were invited to create an account for {invitation.email}.
        </p>
      ) : null}
      {creating ? (
        <label className="flex flex-col text-sm">
          Name
          <input name="name" autoComplete="name" className="rounded border px-2 py-1" />
        </label>
      ) : null}
      <label className="flex flex-col text-sm">
        Email
        <input
          name="email"
          type="email"
          required
          autoComplete="email"
          className="rounded border px-2 py-1"
          {...(invitation && creating ? { defaultValue: invitation.email, readOnly: true } : {})}
        />
      </label>
      <label className="flex flex-col text-sm">
        Password
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete={creating ? 'new-password' : 'current-password'}
          className="rounded border px-2 py-1"
        />
      </label>
      <button type="submit" disabled={busy} className="rounded bg-sky-700 px-4 py-2 text-white disabled:opacity-50">
        {creating ? 'Create account' : 'Sign in'}
      </button>
      <AuthError message={error} />
      <button type="button" onClick={() => setCreating(!creating)} className="text-left text-sm text-sky-700 hover:underline">
        {creating ? 'I already have an account' : 'Create an account'}
      </button>
      {creating && !firstAccount && !invitation ? <p className="text-xs text-slate-600">{signupHint}</p> : null}
    </form>
  );
}
