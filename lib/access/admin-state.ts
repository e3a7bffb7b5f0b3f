import { z } from 'zod';
import { actionResultSchema } from '@/lib/core/action-result';

/**
 * What /admin shows (lib/access/server/admin-service.ts builds it; the admin panel renders it), and what each admin
 * action answers. Browser-safe: each shape is a zod schema with its type inferred from it, so the actions are typed by
 * these and the page parses what it receives with the same schemas (adminActionResults, read by readActionResult).
 */

const invitationViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

const adminStateSchema = z.object({
  mode: z.enum(['password', 'oidc']),
  /** Pending invitations (used ones are gone: an invitation is deleted when it is used). */
  invitations: z.array(invitationViewSchema),
  /** AUTH_SIGNUP_DOMAINS: shown, not removable here. */
  floorDomains: z.array(z.string()),
  /** Domains administrators added. */
  addedDomains: z.array(z.string()),
});
export type AdminState = z.infer<typeof adminStateSchema>;

/**
 * An admin action's refusal: the admin service's codes (AdminErrorCode, lib/access/server/admin-service.ts), the
 * storage failures every service shares, and the input and sign-in refusals of runServiceAction.
 */
const adminFailureSchema = z.object({
  ok: z.literal(false),
  code: z.enum(['forbidden', 'not_found', 'invalid_input', 'conflict', 'too_large', 'storage', 'unauthenticated']),
  message: z.string(),
  retryable: z.boolean(),
});

const adminResult = <VALUE extends z.ZodRawShape>(value: z.ZodObject<VALUE>) => actionResultSchema({ value, failure: adminFailureSchema });

/** Each action of lib/access/actions.ts as its answer reaches the page; the actions' declared types are these. */
export const adminActionResults = {
  loadAdminState: adminResult(z.object({ state: adminStateSchema })),
  inviteByEmail: adminResult(z.object({ link: z.string(), invitation: invitationViewSchema })),
  withdrawInvite: adminResult(z.object({})),
  allowDomain: adminResult(z.object({})),
  disallowDomain: adminResult(z.object({})),
};
export type AdminActionResult<ACTION extends keyof typeof adminActionResults> = z.infer<(typeof adminActionResults)[ACTION]>;
