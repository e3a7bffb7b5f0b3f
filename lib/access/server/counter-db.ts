import 'server-only';
import path from 'node:path';
import type { Env } from '@/lib/core/server/env';
import { getEnv } from '@/lib/core/server/env';
import type { CounterStore } from './counter-store';

/**
 * Which database keeps the counters, and the process's one connection to it:
 * - DATABASE_URL set: that Postgres (where Better Auth keeps users and sessions), shared by every instance.
 * - otherwise SQLite `DATA_DIR/.usage.sqlite`, next to the sessions' `.auth.sqlite`, in every AUTH_MODE: every
 *   instance on the machine shares it. Not inside `.auth.sqlite` itself: a counter committed on a second connection
 *   while Better Auth's deferred transaction (a sign-up) is open makes that transaction fail with
 *   SQLITE_BUSY_SNAPSHOT (seen in lib/access/server/first-account.test.ts), so LLM use would break sign-ups.
 * A dot-file is never a storage key, so the local driver never lists or serves it.
 */

export const USAGE_SQLITE_FILE = '.usage.sqlite';

export type CounterLocation = { kind: 'postgres'; connectionString: string } | { kind: 'sqlite'; file: string };

export function counterLocation(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): CounterLocation {
  if (env.DATABASE_URL) return { kind: 'postgres', connectionString: env.DATABASE_URL };
  return { kind: 'sqlite', file: path.join(env.DATA_DIR, USAGE_SQLITE_FILE) };
}

let shared: { id: string; store: Promise<CounterStore> } | undefined;

/** The counter store of the configured database, opened on first use (drivers are loaded only then). */
export function getCounterStore(): Promise<CounterStore> {
  const location = counterLocation(getEnv());
  const id = location.kind === 'postgres' ? `pg:${location.connectionString}` : `sqlite:${location.file}`;
  if (shared?.id !== id) {
    const store = openStore(location);
    shared = { id, store };
    // A database that cannot be opened is retried by the next request rather than cached.
    store.catch(() => {
      if (shared?.store === store) shared = undefined;
    });
  }
  return shared.store;
}

async function openStore(location: CounterLocation): Promise<CounterStore> {
  if (location.kind === 'postgres') {
    const { openPostgresCounterStore } = await import('./counter-store-postgres');
    return openPostgresCounterStore({ connectionString: location.connectionString });
  }
  const { openSqliteCounterStore } = await import('./counter-store-sqlite');
  return openSqliteCounterStore({ file: location.file });
}

/** Tests switch DATA_DIR between cases: closes and forgets the open store. */
export async function resetCounterStore(): Promise<void> {
  const previous = shared;
  shared = undefined;
  await (await previous?.store.catch(() => undefined))?.close();
}
