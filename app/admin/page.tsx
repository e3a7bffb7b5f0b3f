import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { loadAdminState } from '@/lib/access/actions';
import { AccountBar } from '@/components/auth/account-bar';
import { AdminPanel } from '@/components/admin/admin-panel';
import { getEnv } from '@/lib/core/server/env';
import { getSignedInUser } from '@/lib/access/server/caller';

// Invitations and domains change with every action: rendered per request.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Administration · Ask your data', robots: { index: false, follow: false } };

/**
 * Administrators only (AUTH_MODE=password/oidc). No accounts (AUTH_MODE=none): 404. No session: proxy.ts has already
 * sent the browser to /sign-in. A member is sent back to the workspace; the actions refuse them too (forbidden).
 */
export default async function AdminPage() {
  if (getEnv().AUTH_MODE === 'none') notFound();
  const user = await getSignedInUser();
  if (!user) redirect('/sign-in?next=%2Fadmin');
  if (user.role !== 'admin') redirect('/');
  const loaded = await loadAdminState({});
  return (
    <>
      <AccountBar email={user.email} role={user.role} />
      <main className="mx-auto flex max-w-3xl flex-col gap-6 p-4">
        <header className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-xl font-semibold">Administration</h1>
            <p className="text-sm text-slate-600">Who may create an account on this server.</p>
          </div>
          <a href="/" className="text-sm text-sky-700 hover:underline">
            Back to the workspace
          </a>
        </header>
        {loaded.ok ? (
          <AdminPanel initial={loaded.state} />
        ) : (
          <p role="alert" className="text-sm text-red-700">
            {loaded.message}
          </p>
        )}
      </main>
    </>
  );
}
