import 'server-only';
import path from 'node:path';
import type { Env } from '@/lib/env';
import { getEnv } from '@/lib/env';
import { AUTH_SQLITE_FILE } from '@/lib/identity/auth-database-file';
import type { CounterStore } from './counter-store';

/**
 * Which database keeps the counters, and the process's one connection to it:
 * - DATABASE_URL set: that Postgres (where Better Auth keeps users and sessions), shared by every instance.
 * - AUTH_MODE=password/oidc on SQLite: the sessions' own file, `DATA_DIR/.auth.sqlite`.
 * - AUTH_MODE=none: `DATA_DIR/.usage.sqlite` (there are no sessions; the anonymous mode still opens no auth database).
 * Dot-files are never storage keys, so the local driver never lists or serves either file.
 */

export const USAGE_SQLITE_FILE = '.usage.sqlite';

export type CounterLocation = { kind: 'postgres'; connectionString: string } | { kind: 'sqlite'; file: string };

export function counterLocation(env: Pick<Env, 'DATABASE_URL' | 'AUTH_MODE' | 'DATA_DIR'>): CounterLocation {
  if (env.DATABASE_URL) return { kind: 'postgres', connectionString: env.DATABASE_URL };
  return { kind: 'sqlite', file: path.join(env.DATA_DIR, env.AUTH_MODE === 'none' ? USAGE_SQLITE_FILE : AUTH_SQLITE_FILE) };
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
