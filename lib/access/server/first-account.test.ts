import { freshPostgresDatabase } from '@/lib/testing/postgres-test-database';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

vi.mock('next/headers', async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock().module);

import { authModeEnv } from '@/lib/access/test-support/auth-mode-env';
import { getAuth } from './auth';

/**
 * The first account and its admin role under concurrent sign-ups, through Better Auth's own sign-up endpoint on a
 * real database: SQLite in a temp folder always, Postgres when TEST_DATABASE_URL names one this test may create a
 * fresh database in (skipped otherwise, and it says so).
 */

const KEYS = ['AUTH_MODE', 'DATA_DIR', 'BETTER_AUTH_URL', 'DATABASE_URL', 'AUTH_SIGNUP_DOMAINS'] as const;
const env = authModeEnv({ keys: KEYS, prefix: 'first-' });

afterEach(() => env.restore());

const usePassword = (extra: Record<string, string> = {}) => env.use('password', extra);

const userRows = z.array(z.object({ email: z.string(), role: z.string() }));

/** Eight strangers (no allowed domain) sign up at once on an empty server. */
async function race(): Promise<{ statuses: number[]; users: z.infer<typeof userRows> }> {
  const auth = await getAuth();
  const responses = await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      auth.api.signUpEmail({
        body: { email: `racer${index}@site${index}.example`, password: 'correct horse battery', name: `Racer ${index}` },
        asResponse: true,
      }),
    ),
  );
  const context = await auth.$context;
  const users = userRows.parse(await context.adapter.findMany({ model: 'user' }));
  return { statuses: responses.map((response) => response.status), users };
}

function expectOneAdmin({ statuses, users }: Awaited<ReturnType<typeof race>>): void {
  expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  expect(users).toHaveLength(1);
  expect(users[0]?.role).toBe('admin');
}

describe('first account under concurrent sign-ups', () => {
  it('SQLite: exactly one account, the admin; the others are refused as sign-up is closed', async () => {
    await usePassword();
    expectOneAdmin(await race());
  });

  const postgres = process.env.TEST_DATABASE_URL;
  it.skipIf(!postgres)('Postgres (TEST_DATABASE_URL): exactly one account, the admin', async () => {
    await usePassword({ DATABASE_URL: await freshPostgresDatabase({ serverUrl: postgres ?? '', prefix: 'first' }) });
    expectOneAdmin(await race());
  });

  it('the seat is the holder’s: a later address is a member, within the allowed domains only', async () => {
    await usePassword({ AUTH_SIGNUP_DOMAINS: 'team.example' });
    const auth = await getAuth();
    const signUp = (email: string) => auth.api.signUpEmail({ body: { email, password: 'correct horse battery', name: 'T' }, asResponse: true });
    expect((await signUp('first@anywhere.example')).status).toBe(200);
    expect((await signUp('second@team.example')).status).toBe(200);
    expect((await signUp('third@anywhere.example')).status).toBe(403);
    const users = userRows.parse(await (await auth.$context).adapter.findMany({ model: 'user' }));
    expect(Object.fromEntries(users.map((user) => [user.email, user.role]))).toEqual({ 'first@anywhere.example': 'admin', 'second@team.example': 'member' });
  });
});
