'use client';

import { useState, type FormEvent } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { allowDomain, disallowDomain, inviteByEmail, loadAdminState, withdrawInvite } from '@/lib/access/actions';
import { adminActionResults, type AdminState } from '@/lib/access/admin-state';

/** /admin: invite one address by a single-use link (password mode) and open sign-up to email domains. */
export function AdminPanel({ initial }: { initial: AdminState }) {
  const [state, setState] = useState(initial);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs an action (its answer parsed by `work`: adminActionResults), then reloads the lists; a refusal is shown with its message. */
  async function run(work: () => Promise<{ ok: boolean; message?: string }>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      if (!result.ok) {
        setError(result.message ?? 'The server refused.');
        return false;
      }
      const reloaded = readActionResult({
        action: 'Loading the administration page',
        schema: adminActionResults.loadAdminState,
        result: await loadAdminState({}),
      });
      if (reloaded.ok) setState(reloaded.state);
      return true;
    } finally {
      setBusy(false);
    }
  }

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const days = Number(form.get('days') ?? 7);
    setLink(null);
    await run(async () => {
      const result = readActionResult({ action: 'Inviting', schema: adminActionResults.inviteByEmail, result: await inviteByEmail({ email, days }) });
      if (result.ok) setLink(result.link);
      return result;
    });
  }

  async function addDomain(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const domain = String(new FormData(target).get('domain') ?? '');
    const allow = async () =>
      readActionResult({ action: 'Allowing the domain', schema: adminActionResults.allowDomain, result: await allowDomain({ domain }) });
    if (await run(allow)) target.reset();
  }

  return (
    <div className="flex flex-col gap-6">
      {error ? (
        <p role="alert" data-testid="admin-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}

      {state.mode === 'password' ? (
        <section className="flex flex-col gap-2">
          <h2 className="font-semibold">Invitations</h2>
          <p className="text-sm text-slate-600">An invitation link lets one address create an account once, whatever the domains below say.</p>
          <form onSubmit={(event) => void invite(event)} className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col text-sm">
              Email
              <input name="email" type="email" required data-testid="invite-email" className="rounded border px-2 py-1" />
            </label>
            <label className="flex flex-col text-sm">
              Valid for
              <select name="days" defaultValue="7" className="rounded border px-2 py-1">
                {[1, 3, 7, 14, 30].map((days) => (
                  <option key={days} value={days}>
                    {days} {days === 1 ? 'day' : 'days'}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy} data-testid="invite-submit" className="rounded bg-sky-700 px-3 py-1 text-sm text-white disabled:opacity-50">
              Create invitation link
            </button>
          </form>
          {link ? (
            <p className="text-sm">
              Send this link to the person (it is shown only now, and works once):{' '}
              <code data-testid="invite-link" className="break-all rounded bg-slate-100 px-1">
                {link}
              </code>
            </p>
          ) : null}
          <ul className="divide-y rounded border text-sm" data-testid="invitations">
            {state.invitations.length === 0 ? <li className="p-2 text-slate-600">No pending invitations.</li> : null}
            {state.invitations.map((invitation) => (
              <li key={invitation.id} className="flex items-center justify-between gap-2 p-2">
                <span>
                  {invitation.email}{' '}
                  <span className="text-slate-600">{invitation.expired ? 'expired' : `until ${new Date(invitation.expiresAt).toLocaleString()}`}</span>
                </span>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void run(async () =>
                      readActionResult({
                        action: 'Withdrawing the invitation',
                        schema: adminActionResults.withdrawInvite,
                        result: await withdrawInvite({ id: invitation.id }),
                      }),
                    )
                  }
                  className="text-sky-700 hover:underline"
                >
                  Withdraw
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">Sign-up domains</h2>
        <p className="text-sm text-slate-600">
          {state.mode === 'password'
            ? 'Anyone with an address at these domains may create an account.'
            : 'Only people at these domains may sign in through single sign-on (none: everyone your provider vouches for).'}
        </p>
        <ul className="divide-y rounded border text-sm" data-testid="signup-domains">
          {state.floorDomains.length + state.addedDomains.length === 0 ? <li className="p-2 text-slate-600">None.</li> : null}
          {state.floorDomains.map((domain) => (
            <li key={domain} className="flex justify-between p-2">
              <span>{domain}</span>
              <span className="text-slate-600">from AUTH_SIGNUP_DOMAINS (server configuration)</span>
            </li>
          ))}
          {state.addedDomains.map((domain) => (
            <li key={domain} className="flex justify-between p-2">
              <span>{domain}</span>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(async () =>
                    readActionResult({ action: 'Removing the domain', schema: adminActionResults.disallowDomain, result: await disallowDomain({ domain }) }),
                  )
                }
                className="text-sky-700 hover:underline"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={(event) => void addDomain(event)} className="flex items-end gap-2">
          <label className="flex flex-col text-sm">
            Domain
            <input name="domain" required placeholder="example.com" data-testid="domain-input" className="rounded border px-2 py-1" />
          </label>
          <button type="submit" disabled={busy} data-testid="domain-submit" className="rounded bg-sky-700 px-3 py-1 text-sm text-white disabled:opacity-50">
            Allow
          </button>
        </form>
      </section>
    </div>
  );
}
