import 'server-only';
import { getEnv } from '@/lib/core/server/env';
import { counterLocation, getCounterStore } from '@/lib/access/server/counter-db';

/**
 * The first account's seat (AUTH_MODE=password: it may sign up whatever AUTH_SIGNUP_DOMAINS says and becomes admin).
 * Counting users is not enough: on Postgres two sign-ups racing on an empty database each count 0 inside their own
 * transaction, and both got an account and the admin role (seen here: 3 of 6 concurrent sign-ups admitted, 2
 * admins). So the seat is claimed by email in one atomic statement in the same database (lib/access/server): exactly one
 * address holds it; the holder's own retries keep it; a claim whose account never appeared is taken over after
 * STALE_AFTER_MS (a sign-up that failed after claiming must not close the server for good).
 *
 * SQLite needs no claim, and must not get one: its single writer already serialises sign-ups — in one process Better
 * Auth's transactions share one connection and run one after another (the second counts 1); a second process's
 * transaction that counted 0 fails with SQLITE_BUSY_SNAPSHOT when it tries to write. A claim written on another
 * connection in the middle of Better Auth's transaction is exactly such a write, and made every sign-up fail.
 * first-account.test.ts races sign-ups on both databases.
 */

const SEAT = 'first-account';
const STALE_AFTER_MS = 10 * 60_000;

/** Whether `email` holds (or now takes) the first account's seat. Call only while no account exists. */
export async function holdsFirstSeat({ email, now = Date.now() }: { email: string; now?: number }): Promise<boolean> {
  if (counterLocation(getEnv()).kind === 'sqlite') return true;
  const store = await getCounterStore();
  return store.claim({ name: SEAT, holder: email.trim().toLowerCase(), now, staleAfterMs: STALE_AFTER_MS });
}
