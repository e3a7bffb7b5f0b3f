import type { Metadata } from 'next';
import { listMyAnalyses } from '@/lib/share/actions';
import { AccountBar } from '@/components/auth/account-bar';
import { MyAnalyses } from '@/components/share/my-analyses';
import { ThemeToggle } from '@/components/theme-toggle';
import { getSignedInUser } from '@/lib/access/server/caller';

// The list belongs to the caller's cookie and changes with every save: rendered per request.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'My analyses · Ask your data', robots: { index: false, follow: false } };

export default async function MyAnalysesPage() {
  const page = await listMyAnalyses({});
  const user = await getSignedInUser();
  return (
    <>
      {user ? <AccountBar email={user.email} role={user.role} /> : null}
      <main className="mx-auto flex max-w-4xl flex-col gap-4 p-4">
        <header className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-xl font-semibold">My analyses</h1>
            <p className="text-sm text-slate-600">The analyses saved from this browser. Anyone with a link can view it until it expires or you turn it off.</p>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <a href="/" className="text-sm text-sky-700 hover:underline">
              Back to the workspace
            </a>
            <ThemeToggle />
          </div>
        </header>
        {page.ok ? (
          <MyAnalyses initial={page.analyses} {...(page.nextCursor ? { initialCursor: page.nextCursor } : {})} />
        ) : (
          <MyAnalyses initial={[]} initialError={page.message} />
        )}
      </main>
    </>
  );
}
