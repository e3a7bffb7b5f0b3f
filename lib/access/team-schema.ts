import type { BetterAuthPlugin } from 'better-auth';

/**
 * The team tables an admin manages from /admin, declared as a Better Auth plugin schema so its migrations create them
 * next to users and sessions (SQLite or Postgres, at first start like the rest) and its adapter — with the current
 * transaction's — reads and writes them.
 * - `aydInvitation`: one address invited to create an account in AUTH_MODE=password, by a single-use link whose token
 *   is stored only as its SHA-256; it expires.
 * - `aydSignupDomain`: email domains an admin opened sign-up to, on top of AUTH_SIGNUP_DOMAINS (the operator's floor,
 *   which the page shows and cannot remove).
 */

export const INVITATION_MODEL = 'aydInvitation';
export const SIGNUP_DOMAIN_MODEL = 'aydSignupDomain';

export const teamSchemaPlugin = {
  id: 'ayd-team',
  schema: {
    [INVITATION_MODEL]: {
      fields: {
        email: { type: 'string', required: true },
        tokenHash: { type: 'string', required: true, unique: true },
        expiresAt: { type: 'date', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'date', required: true },
      },
    },
    [SIGNUP_DOMAIN_MODEL]: {
      fields: {
        domain: { type: 'string', required: true, unique: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'date', required: true },
      },
    },
  },
} satisfies BetterAuthPlugin;
