import 'server-only';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { betterAuth, getCurrentAdapter, type BetterAuthOptions } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { getEnv, type Env } from '@/lib/core/server/env';
import { loadSecret } from '@/lib/storage/server/signing';
import { holdsFirstSeat } from './first-account';
import { consumeInvitation, effectiveSignupDomains, INVITE_HEADER } from './invitations';
import { teamSchemaPlugin } from '../team-schema';
import { signupRefusal } from '../signup-policy';

/**
 * Better Auth for AUTH_MODE=password and AUTH_MODE=oidc: users, sessions and accounts in SQLite under DATA_DIR
 * (better-sqlite3 12: 13 crashes on Node 20, see NOTES.md) or in Postgres when DATABASE_URL is set (several server
 * instances). The tables are created (or extended) on first use with Better Auth's own migrations, so `npm start`
 * needs no separate migrate step. In AUTH_MODE=none getAuth is never called (the auth route answers 404 first, and
 * caller.ts and proxy.ts import the session module only in the sign-in modes): the anonymous mode opens no database.
 */

/** The provider id of the single sign-on provider: the redirect URI is `<BETTER_AUTH_URL>/api/auth/callback/oidc`. */
const OIDC_PROVIDER_ID = 'oidc';
/** Dot-files are never storage keys (lib/storage/server/keys.ts), so the local driver never lists or serves these. */
const SQLITE_FILE = '.auth.sqlite';
const SECRET_FILE = '.auth-secret';
/**
 * The client address Better Auth keys its rate limits and session records on, set by app/api/auth/[...all]/route.ts
 * from the socket (lib/access/server/rate-limit.ts clientKey, TRUSTED_PROXY_COUNT aware). Better Auth would otherwise read
 * X-Forwarded-For, which a client writes itself when no proxy overwrites it.
 */
export const CLIENT_ADDRESS_HEADER = 'x-ayd-client-address';

export type UserRole = 'admin' | 'member';

function buildOptions({ env, secret }: { env: Env; secret: string }) {
  const database = env.DATABASE_URL ? new Pool({ connectionString: env.DATABASE_URL }) : openSqlite(env.DATA_DIR);
  return {
    appName: 'Ask your data',
    baseURL: env.BETTER_AUTH_URL,
    secret,
    database,
    telemetry: { enabled: false },
    // Sign-in and sign-up attempts are limited per client address (Better Auth's defaults: 3 per 10 s on those
    // paths), counted in the same database as sessions so every server instance sees the same counters.
    rateLimit: { enabled: true, storage: 'database' },
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    emailAndPassword: { enabled: env.AUTH_MODE === 'password', minPasswordLength: 10 },
    user: {
      additionalFields: {
        // input: false: a sign-up request cannot choose its own role; the hook below decides.
        role: { type: 'string', required: false, defaultValue: 'member', input: false },
      },
      // Runs before any account is created, whatever the method: who may join (lib/access/signup-policy.ts).
      validateUserInfo: async (data, context) => {
        if (data.source.action !== 'create-user') return undefined;
        // Through the current transaction's adapter when there is one (see the create hook below).
        const email = typeof data.user.email === 'string' ? data.user.email : '';
        const adapter = await getCurrentAdapter(context.context.adapter);
        const counted = await adapter.count({ model: 'user' });
        // An empty database admits its first account whatever the domains say, but only one: the seat's holder.
        const existingUsers = counted === 0 && !(await holdsFirstSeat({ email })) ? 1 : counted;
        // An invitation link (AUTH_MODE=password) admits its one address, once, whatever the domains say.
        const invite = context.headers?.get(INVITE_HEADER)?.trim();
        if (invite && existingUsers > 0 && env.AUTH_MODE === 'password' && data.source.method === 'email-password') {
          const used = await consumeInvitation({ adapter, token: invite.slice(0, 200), email });
          return used.ok ? undefined : { error: 'invitation_invalid', errorDescription: used.message };
        }
        const domains = await effectiveSignupDomains({ adapter, floor: env.AUTH_SIGNUP_DOMAINS });
        const refusal = signupRefusal({ mode: env.AUTH_MODE, method: data.source.method, email, existingUsers, domains });
        return refusal ? { error: 'signup_closed', errorDescription: refusal } : undefined;
      },
    },
    databaseHooks: {
      user: {
        create: {
          // The first account administers the team. Sign-ups racing on an empty database each count 0 (Postgres):
          // only the holder of the first seat (lib/access/server/first-account.ts) becomes admin.
          before: async (user, context) => {
            // The user row is written inside a transaction; on SQLite (one connection) a query outside it would wait
            // for it forever, so the count goes through the transaction's own adapter.
            const existingUsers = context ? await (await getCurrentAdapter(context.context.adapter)).count({ model: 'user' }) : 1;
            const first = existingUsers === 0 && typeof user.email === 'string' && (await holdsFirstSeat({ email: user.email }));
            const role: UserRole = first ? 'admin' : 'member';
            return { data: { ...user, role } };
          },
        },
      },
    },
    plugins: [
      teamSchemaPlugin,
      ...(env.AUTH_MODE === 'oidc' && env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: 'Single sign-on',
                  discoveryUrl: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
                  // Identity comes from the ID token's claims: refuse to run with a provider whose keys we cannot check.
                  requireIdTokenVerification: true,
                  clientId: env.OIDC_CLIENT_ID,
                  clientSecret: env.OIDC_CLIENT_SECRET,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
    ],
  } satisfies BetterAuthOptions;
}

function openSqlite(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  // WAL: readers (every request's session check) never wait for a writer (a sign-in).
  db.pragma('journal_mode = WAL');
  return db;
}

async function createAuth() {
  const env = getEnv();
  if (env.AUTH_MODE === 'none') throw new Error('Better Auth is not used when AUTH_MODE=none');
  const secret = (
    await loadSecret({ dataDir: env.DATA_DIR, configured: env.BETTER_AUTH_SECRET, fileName: SECRET_FILE, envName: 'BETTER_AUTH_SECRET' })
  ).toString('utf8');
  const options = buildOptions({ env, secret });
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  return betterAuth(options);
}

export type AppAuth = Awaited<ReturnType<typeof createAuth>>;

let pending: Promise<AppAuth> | undefined;

/** The Better Auth instance of this process, created (and its tables migrated) on first use. */
export function getAuth(): Promise<AppAuth> {
  if (!pending) {
    pending = createAuth();
    // A failed start (database unreachable) is retried by the next request rather than cached.
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/** Tests switch AUTH_MODE and DATA_DIR between cases. */
export function resetAuthCache(): void {
  pending = undefined;
}

/** How many accounts exist (the sign-in page says when the next one will be the first, and so the admin). */
export async function countUsers(): Promise<number> {
  const context = await (await getAuth()).$context;
  return context.adapter.count({ model: 'user' });
}
