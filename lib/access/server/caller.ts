import 'server-only';
import { headers } from 'next/headers';
import { ensureOwnerHash, getOwnerHash } from '@/lib/access/server/owner';
import { getEnv } from '@/lib/core/server/env';
import type { SessionUser } from './session';
import { SignInRequiredError } from '../sign-in-required';

export { SignInRequiredError };

/**
 * Who is calling: the one place every server action and route handler asks.
 * - AUTH_MODE=none: the anonymous owner of this browser, the SHA-256 of its `ayd_owner` cookie (lib/access/server/owner.ts).
 * - AUTH_MODE=password/oidc: the Better Auth session's user (lib/access/server/session.ts), hashed into the same kind of
 *   owner id. The anonymous cookie is ignored entirely in these modes; no session means SignInRequiredError, which
 *   actions answer as `unauthenticated` (lib/access/server/service-action.ts) and routes as 401 (lib/access/server/route-guard.ts).
 *
 * Owner ids are never taken from a request body, a query string or a header other than the cookies.
 */

/** What the dataset and analysis services need to decide access; plain data, so services stay testable. */
export interface Viewer {
  /** The caller's owner id (64 hex characters), or null for a caller who never needed one (no cookie yet). */
  ownerHash: string | null;
  /** SHARED_PREFIXES: objects under these are readable by every caller. */
  sharedPrefixes: readonly string[];
}

/** A viewer who owns: the caller of an action that creates something (an upload, a saved analysis). */
export interface Owner extends Viewer {
  ownerHash: string;
}

/** The signed-in user (null in AUTH_MODE=none, or with no session). */
export async function getSignedInUser(): Promise<SessionUser | null> {
  if (getEnv().AUTH_MODE === 'none') return null;
  // Imported only in the sign-in modes, so AUTH_MODE=none never loads Better Auth or opens its database.
  const { readSessionUser } = await import('./session');
  return readSessionUser({ headers: await headers() });
}

async function requireUserOwnerHash(): Promise<string> {
  const ownerHash = await getOptionalOwnerHash();
  if (!ownerHash) throw new SignInRequiredError();
  return ownerHash;
}

/**
 * The caller's owner id when there is one, never refusing: for the pages anyone may open (a share link shows its
 * owner the owner's controls). AUTH_MODE=none: the cookie's; sign-in modes: the session user's, or null.
 */
export async function getOptionalOwnerHash(): Promise<string | null> {
  if (getEnv().AUTH_MODE === 'none') return getOwnerHash();
  const user = await getSignedInUser();
  if (!user) return null;
  const { ownerHashOfUser } = await import('./session');
  return ownerHashOfUser({ userId: user.id });
}

/** The caller as they are: no cookie is created, so reading (a listing, a share link) never plants one. */
export async function getViewer(): Promise<Viewer> {
  const env = getEnv();
  const ownerHash = env.AUTH_MODE === 'none' ? await getOwnerHash() : await requireUserOwnerHash();
  return { ownerHash, sharedPrefixes: env.SHARED_PREFIXES };
}

/** The caller, given an owner id (and the cookie that carries it) when they have none yet: only for creating things. */
export async function getOwner(): Promise<Owner> {
  const env = getEnv();
  const ownerHash = env.AUTH_MODE === 'none' ? await ensureOwnerHash() : await requireUserOwnerHash();
  return { ownerHash, sharedPrefixes: env.SHARED_PREFIXES };
}
