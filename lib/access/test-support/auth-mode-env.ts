import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resetAuthCache } from '@/lib/access/server/auth';
import { resetCounterStore } from '@/lib/access/server/counter-db';
import { resetEnvCache } from '@/lib/core/server/env';

export type AuthMode = 'none' | 'password' | 'oidc';

/**
 * The environment of a test that switches AUTH_MODE between cases, against a real Better Auth on a throw-away SQLite
 * database: `use` sets one mode in a fresh DATA_DIR, `restore` (after each case) puts `keys` back as they were. Both
 * drop the caches that read the environment (settings, the auth instance, the counters' database).
 */
export function authModeEnv({ keys, prefix }: { keys: readonly string[]; prefix: string }) {
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  const reset = async () => {
    resetEnvCache();
    resetAuthCache();
    await resetCounterStore();
  };
  return {
    /** Only `mode`, a fresh DATA_DIR, a loopback BETTER_AUTH_URL and `extra` among `keys`. */
    async use(mode: AuthMode, extra: Record<string, string> = {}): Promise<void> {
      for (const key of keys) delete process.env[key];
      Object.assign(process.env, { AUTH_MODE: mode, DATA_DIR: mkdtempSync(path.join(tmpdir(), prefix)), BETTER_AUTH_URL: 'http://127.0.0.1:3000', ...extra });
      await reset();
    },
    async restore(): Promise<void> {
      for (const key of keys) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await reset();
    },
  };
}
