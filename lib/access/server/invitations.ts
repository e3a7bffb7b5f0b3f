import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DBAdapter, DBTransactionAdapter } from 'better-auth';
import { INVITATION_MODEL, SIGNUP_DOMAIN_MODEL } from '../team-schema';

/**
 * Invitations and admin-opened sign-up domains in the auth database (lib/access/team-schema.ts). Pure data access:
 * who may call these is decided in lib/access/server/admin-service.ts, and sign-up consults them in lib/access/server/auth.ts.
 */

/** What these functions use of Better Auth's adapter (the instance's, or the current transaction's). */
type Adapter = Pick<DBAdapter | DBTransactionAdapter, 'create' | 'findOne' | 'findMany' | 'deleteMany' | 'consumeOne'>;

/** The header the sign-up form sends the invitation token in (`/sign-in?invite=<token>` → sign-up request). */
export const INVITE_HEADER = 'x-ayd-invite';

export const EMAIL_PATTERN = /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
export const DOMAIN_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

const invitationRow = z.object({ id: z.string(), email: z.string(), expiresAt: z.coerce.date(), createdBy: z.string(), createdAt: z.coerce.date() });
const domainRow = z.object({ id: z.string(), domain: z.string(), createdBy: z.string(), createdAt: z.coerce.date() });

export type Invitation = z.infer<typeof invitationRow>;
export type SignupDomain = z.infer<typeof domainRow>;

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new invitation: the token is returned once (for the link) and stored only as its hash. */
export async function createInvitation({
  adapter,
  email,
  createdBy,
  days,
  now = new Date(),
}: {
  adapter: Adapter;
  email: string;
  createdBy: string;
  days: number;
  now?: Date;
}): Promise<{ invitation: Invitation; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = await adapter.create({
    model: INVITATION_MODEL,
    data: { email: email.toLowerCase(), tokenHash: tokenHash(token), expiresAt: new Date(now.getTime() + days * 86_400_000), createdBy, createdAt: now },
  });
  return { invitation: invitationRow.parse(row), token };
}

export async function listInvitations({ adapter }: { adapter: Adapter }): Promise<Invitation[]> {
  const rows = await adapter.findMany({ model: INVITATION_MODEL, sortBy: { field: 'createdAt', direction: 'desc' }, limit: 200 });
  return z.array(invitationRow).parse(rows);
}

/** Withdraws an invitation; false when there was none with this id (already used, withdrawn or never made). */
export async function revokeInvitation({ adapter, id }: { adapter: Adapter; id: string }): Promise<boolean> {
  return (await adapter.deleteMany({ model: INVITATION_MODEL, where: [{ field: 'id', value: id }] })) > 0;
}

/** The invitation a token names, unconsumed (the sign-in page shows whom it is for), or null. */
export async function findInvitation({ adapter, token }: { adapter: Adapter; token: string }): Promise<Invitation | null> {
  const row = await adapter.findOne({ model: INVITATION_MODEL, where: [{ field: 'tokenHash', value: tokenHash(token) }] });
  return row ? invitationRow.parse(row) : null;
}

/**
 * Uses up the invitation `token` names for `email`: atomically deleted (Better Auth's consumeOne: of two sign-ups
 * racing with one link exactly one gets the row), inside the sign-up's transaction when `adapter` is the
 * transaction's, so a sign-up that fails afterwards leaves the invitation usable. Returns null when it was used,
 * withdrawn, for another address or never existed, or the refusal text when it has expired.
 */
export async function consumeInvitation({
  adapter,
  token,
  email,
  now = new Date(),
}: {
  adapter: Adapter;
  token: string;
  email: string;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; message: string }> {
  const row = await adapter.consumeOne({
    model: INVITATION_MODEL,
    where: [
      { field: 'tokenHash', value: tokenHash(token) },
      { field: 'email', value: email.toLowerCase() },
    ],
  });
  if (!row)
    return {
      ok: false,
      message:
        'This invitation link is not valid for this address: it was already used, withdrawn, or is for another email. Ask an administrator for a new one.',
    };
  if (invitationRow.parse(row).expiresAt.getTime() <= now.getTime())
    return { ok: false, message: 'This invitation link has expired. Ask an administrator for a new one.' };
  return { ok: true };
}

export async function listSignupDomains({ adapter }: { adapter: Adapter }): Promise<SignupDomain[]> {
  return z.array(domainRow).parse(await adapter.findMany({ model: SIGNUP_DOMAIN_MODEL, sortBy: { field: 'domain', direction: 'asc' }, limit: 500 }));
}

/** Adds a domain (idempotent: an existing one is left as it is). */
export async function addSignupDomain({
  adapter,
  domain,
  createdBy,
  now = new Date(),
}: {
  adapter: Adapter;
  domain: string;
  createdBy: string;
  now?: Date;
}): Promise<void> {
  const existing = await adapter.findOne({ model: SIGNUP_DOMAIN_MODEL, where: [{ field: 'domain', value: domain }] });
  if (existing) return;
  await adapter.create({ model: SIGNUP_DOMAIN_MODEL, data: { domain, createdBy, createdAt: now } });
}

export async function removeSignupDomain({ adapter, domain }: { adapter: Adapter; domain: string }): Promise<boolean> {
  return (await adapter.deleteMany({ model: SIGNUP_DOMAIN_MODEL, where: [{ field: 'domain', value: domain }] })) > 0;
}

/** Who may sign up by domain: the operator's AUTH_SIGNUP_DOMAINS and the admins' additions. */
export async function effectiveSignupDomains({ adapter, floor }: { adapter: Adapter; floor: readonly string[] }): Promise<string[]> {
  const added = (await listSignupDomains({ adapter })).map((row) => row.domain);
  return [...new Set([...floor, ...added])];
}
