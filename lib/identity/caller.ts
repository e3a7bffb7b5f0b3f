import 'server-only';
import { ensureOwnerHash, getOwnerHash } from '@/lib/analysis/owner';
import { getEnv } from '@/lib/env';

/**
 * Who is calling: the one place every server action and route handler asks. In AUTH_MODE=none (the only mode so far)
 * the caller is the anonymous owner of this browser: the SHA-256 of its `ayd_owner` cookie (lib/analysis/owner.ts).
 * The sign-in modes replace the body of these two functions with the Better Auth session's user (hashed the same
 * way, so records keep one kind of owner id); nothing that calls them changes.
 *
 * Owner ids are never taken from a request body, a query string or a header other than the cookie.
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

/** The caller as they are: no cookie is created, so reading (a listing, a share link) never plants one. */
export async function getViewer(): Promise<Viewer> {
  return { ownerHash: await getOwnerHash(), sharedPrefixes: getEnv().SHARED_PREFIXES };
}

/** The caller, given an owner id (and the cookie that carries it) when they have none yet: only for creating things. */
export async function getOwner(): Promise<Owner> {
  return { ownerHash: await ensureOwnerHash(), sharedPrefixes: getEnv().SHARED_PREFIXES };
}
