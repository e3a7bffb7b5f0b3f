import 'server-only';
import { getEnv } from '@/lib/core/server/env';
import { ServiceError, toServiceFailure, type ServiceFailure, type StorageFailureCode } from '@/lib/access/server/service-errors';
import type { AdminState, InvitationView } from '../admin-state';
import { getAuth } from './auth';
import { getSignedInUser, SignInRequiredError } from './caller';
import { addSignupDomain, createInvitation, listInvitations, listSignupDomains, removeSignupDomain, revokeInvitation } from './invitations';

/**
 * What an administrator does on /admin (lib/access/actions.ts): invite one address (AUTH_MODE=password) and open or
 * close sign-up to email domains, on top of the operator's AUTH_SIGNUP_DOMAINS. Every function asks who is calling
 * first: no accounts (AUTH_MODE=none) is not_found, no session is unauthenticated, a member is forbidden.
 */

export type AdminErrorCode = 'forbidden' | 'not_found' | 'invalid_input' | 'conflict';
export type AdminFailure = ServiceFailure<AdminErrorCode | StorageFailureCode>;

class AdminError extends ServiceError<AdminErrorCode> {
  override name = 'AdminError';
}

export function toAdminFailure({ error, action }: { error: unknown; action: string }): AdminFailure {
  return toServiceFailure({ error, action, errorClass: AdminError });
}

/** The signed-in administrator and the auth database's adapter, or the refusal. */
async function requireAdmin(): Promise<{ userId: string; adapter: Awaited<Awaited<ReturnType<typeof getAuth>>['$context']>['adapter'] }> {
  if (getEnv().AUTH_MODE === 'none')
    throw new AdminError({ code: 'not_found', message: 'Accounts are off on this server (AUTH_MODE=none): there is nothing to administer.' });
  const user = await getSignedInUser();
  if (!user) throw new SignInRequiredError();
  if (user.role !== 'admin') throw new AdminError({ code: 'forbidden', message: 'Only administrators can manage invitations and sign-up domains.' });
  const context = await (await getAuth()).$context;
  return { userId: user.id, adapter: context.adapter };
}

export async function getAdminState({ now = new Date() }: { now?: Date } = {}): Promise<AdminState> {
  const { adapter } = await requireAdmin();
  const env = getEnv();
  const invitations = (await listInvitations({ adapter })).map((row) => ({
    id: row.id,
    email: row.email,
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt.getTime() <= now.getTime(),
    createdAt: row.createdAt.toISOString(),
  }));
  const floorDomains = [...env.AUTH_SIGNUP_DOMAINS];
  const addedDomains = (await listSignupDomains({ adapter })).map((row) => row.domain).filter((domain) => !floorDomains.includes(domain));
  return { mode: env.AUTH_MODE === 'oidc' ? 'oidc' : 'password', invitations, floorDomains, addedDomains };
}

/** Invites `email`: the link (shown once; only its hash is stored) works once, for that address, for `days` days. */
export async function inviteEmail({ email, days }: { email: string; days: number }): Promise<{ link: string; invitation: InvitationView }> {
  const { userId, adapter } = await requireAdmin();
  const env = getEnv();
  if (env.AUTH_MODE !== 'password') {
    throw new AdminError({
      code: 'invalid_input',
      message: 'Invitations are for email and password accounts; with single sign-on your OpenID provider decides who exists (narrow it with sign-up domains).',
    });
  }
  const normalised = email.trim().toLowerCase();
  if ((await adapter.count({ model: 'user', where: [{ field: 'email', value: normalised }] })) > 0) {
    throw new AdminError({ code: 'conflict', message: `${normalised} already has an account.` });
  }
  const { invitation, token } = await createInvitation({ adapter, email: normalised, createdBy: userId, days });
  const base = env.BETTER_AUTH_URL ?? '';
  return {
    link: `${base}/sign-in?invite=${encodeURIComponent(token)}`,
    invitation: {
      id: invitation.id,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
      expired: false,
      createdAt: invitation.createdAt.toISOString(),
    },
  };
}

export async function withdrawInvitation({ id }: { id: string }): Promise<void> {
  const { adapter } = await requireAdmin();
  if (!(await revokeInvitation({ adapter, id })))
    throw new AdminError({ code: 'not_found', message: 'That invitation no longer exists (used or withdrawn already).' });
}

export async function allowSignupDomain({ domain }: { domain: string }): Promise<void> {
  const { userId, adapter } = await requireAdmin();
  await addSignupDomain({ adapter, domain, createdBy: userId });
}

export async function disallowSignupDomain({ domain }: { domain: string }): Promise<void> {
  const { adapter } = await requireAdmin();
  if (getEnv().AUTH_SIGNUP_DOMAINS.includes(domain)) {
    throw new AdminError({
      code: 'forbidden',
      message: `${domain} comes from AUTH_SIGNUP_DOMAINS (the server's configuration); only the operator can remove it.`,
    });
  }
  if (!(await removeSignupDomain({ adapter, domain }))) throw new AdminError({ code: 'not_found', message: `${domain} is not an allowed sign-up domain.` });
}
