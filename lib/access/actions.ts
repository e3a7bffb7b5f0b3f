'use server';

import { z } from 'zod';
import { allowSignupDomain, disallowSignupDomain, getAdminState, inviteEmail, toAdminFailure, withdrawInvitation } from '@/lib/access/server/admin-service';
import type { AdminActionResult } from './admin-state';
import { DOMAIN_PATTERN, EMAIL_PATTERN } from '@/lib/access/server/invitations';
import { runServiceAction } from '@/lib/access/server/service-action';

// Administration (/admin): parse with zod, call lib/access/server/admin-service.ts, which checks the caller is a signed-in
// administrator before anything else. Results are plain data, refusals included: each answers the shape adminActionResults
// (./admin-state.ts) defines, which the page parses it with.

const email = z.string().trim().toLowerCase().max(254).regex(EMAIL_PATTERN, 'an email address such as ana@example.com');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .transform((value) => value.replace(/^@/, ''))
  .pipe(z.string().regex(DOMAIN_PATTERN, 'an email domain such as example.com'));

export async function loadAdminState(input: Record<string, never> = {}): Promise<AdminActionResult<'loadAdminState'>> {
  return runServiceAction({
    action: 'Loading the administration page',
    schema: z.object({}).strict(),
    input,
    work: async () => ({ state: await getAdminState() }),
    toFailure: toAdminFailure,
  });
}

export async function inviteByEmail(input: { email: string; days: number }): Promise<AdminActionResult<'inviteByEmail'>> {
  return runServiceAction({
    action: 'Inviting',
    schema: z.object({ email, days: z.number().int().min(1).max(30) }).strict(),
    input,
    work: (args) => inviteEmail(args),
    toFailure: toAdminFailure,
  });
}

export async function withdrawInvite(input: { id: string }): Promise<AdminActionResult<'withdrawInvite'>> {
  return runServiceAction({
    action: 'Withdrawing the invitation',
    schema: z.object({ id: z.string().min(1).max(100) }).strict(),
    input,
    work: async (args) => {
      await withdrawInvitation(args);
      return {};
    },
    toFailure: toAdminFailure,
  });
}

export async function allowDomain(input: { domain: string }): Promise<AdminActionResult<'allowDomain'>> {
  return runServiceAction({
    action: 'Allowing the domain',
    schema: z.object({ domain }).strict(),
    input,
    work: async (args) => {
      await allowSignupDomain(args);
      return {};
    },
    toFailure: toAdminFailure,
  });
}

export async function disallowDomain(input: { domain: string }): Promise<AdminActionResult<'disallowDomain'>> {
  return runServiceAction({
    action: 'Removing the domain',
    schema: z.object({ domain }).strict(),
    input,
    work: async (args) => {
      await disallowSignupDomain(args);
      return {};
    },
    toFailure: toAdminFailure,
  });
}
