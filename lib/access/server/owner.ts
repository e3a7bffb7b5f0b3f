import 'server-only';
import { cookies, headers } from 'next/headers';
import { hashOwnerToken, isOwnerToken, newOwnerToken, OWNER_COOKIE, ownerCookieOptions, isSecureRequest } from './owner-token';

/**
 * The owner cookie in route handlers and server actions (next/headers). Only saving creates it; every other owner
 * action only reads it, so merely viewing a link never plants a cookie.
 */

/** The caller's owner token, or null when they never saved anything (or the cookie is not one of ours). */
export async function getOwnerToken(): Promise<string | null> {
  const value = (await cookies()).get(OWNER_COOKIE)?.value;
  return isOwnerToken(value) ? value : null;
}

/** The caller's owner token, created (and set as a cookie on the response) when absent. */
export async function ensureOwnerToken(): Promise<string> {
  const existing = await getOwnerToken();
  if (existing) return existing;
  const token = newOwnerToken();
  const secure = isSecureRequest({ headers: await headers() });
  (await cookies()).set(OWNER_COOKIE, token, ownerCookieOptions({ secure }));
  return token;
}

/** SHA-256 of the caller's token, or null without one. */
export async function getOwnerHash(): Promise<string | null> {
  const token = await getOwnerToken();
  return token ? hashOwnerToken({ token }) : null;
}

export async function ensureOwnerHash(): Promise<string> {
  return hashOwnerToken({ token: await ensureOwnerToken() });
}
