'use client';

import { useState } from 'react';
import { openDiskCache } from '@/lib/kernel/client/disk-cache';
import { signOut } from './auth-api';

/** Who is signed in, and the sign-out control (AUTH_MODE=password/oidc only; the embedded mode has no accounts). */
export function AccountBar({ email, role }: { email: string; role: 'admin' | 'member' }) {
  const [error, setError] = useState<string | null>(null);
  async function leave() {
    const result = await signOut();
    if (!result.ok) return setError(result.message);
    // The next account on this browser must not find this one's datasets in the disk cache.
    await (await openDiskCache())?.clear();
    window.location.assign('/sign-in');
  }
  return (
    <div className="flex items-center justify-end gap-3 border-b bg-white px-4 py-1 text-xs text-slate-600" data-testid="account-bar">
      <span data-testid="account-email">{email}</span>
      {role === 'admin' ? (
        <a
          href="/admin"
          data-testid="account-admin"
          className="rounded bg-amber-100 px-1 text-amber-900 hover:underline"
          title="Invitations and sign-up domains"
        >
          admin
        </a>
      ) : null}
      <button type="button" data-testid="sign-out" onClick={() => void leave()} className="text-sky-700 hover:underline">
        Sign out
      </button>
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
