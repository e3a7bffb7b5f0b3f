import 'server-only';
import { z } from 'zod';
import { hashOwnerToken } from '@/lib/access/server/owner-token';
import { getAuth } from './auth';

/**
 * The signed-in user of a request (AUTH_MODE=password/oidc), from Better Auth's session cookie. Used by
 * lib/access/server/caller.ts (actions and routes, through next/headers) and by proxy.ts (pages, with the request's own
 * headers). The session row is looked up in the database on every call: a signed-out or deleted session stops working
 * at once, on every instance.
 */

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

// What we read of Better Auth's answer, checked rather than trusted: the role column is ours and could hold anything.
const sessionSchema = z.object({
  user: z.object({
    id: z.string().min(1),
    email: z.string(),
    name: z.string().default(''),
    role: z.enum(['admin', 'member']).catch('member'),
  }),
});

export async function readSessionUser({ headers }: { headers: Headers }): Promise<SessionUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return sessionSchema.parse(session).user;
}

/**
 * The owner id records keep for a user: the SHA-256 of `user:<id>`, the same kind of 64-hex id an anonymous owner
 * has (the SHA-256 of their cookie token, which never contains ':'), so services need not know which mode is on.
 */
export function ownerHashOfUser({ userId }: { userId: string }): string {
  return hashOwnerToken({ token: `user:${userId}` });
}
