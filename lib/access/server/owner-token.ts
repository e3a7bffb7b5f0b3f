import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Anonymous ownership, the pure half (owner.ts reads and writes the cookie). There are no accounts: the browser that
 * saves an analysis holds a random token in an httpOnly cookie, and records keep only its SHA-256, so a leaked record
 * or index listing never hands out the power to revoke or delete. 256 bits, so hashes need no salt and tokens cannot
 * be guessed.
 */

export const OWNER_COOKIE = 'ayd_owner';
/** 32 bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Browsers cap cookie lifetimes at 400 days (Chrome); asking for more only gets silently clipped. */
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function newOwnerToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isOwnerToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** What records and the owner index store: hex SHA-256 of the token's text. */
export function hashOwnerToken({ token }: { token: string }): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether the browser reached us over https. Behind a TLS-terminating proxy the app sees http, so the proxy's
 * X-Forwarded-Proto (first hop) decides; Next sets it itself when it serves TLS directly.
 */
export function isSecureRequest({ headers }: { headers: Pick<Headers, 'get'> }): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return headers.get('origin')?.toLowerCase().startsWith('https://') ?? false;
}

export interface OwnerCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/**
 * httpOnly: page scripts (and anything injected into them) never see the token. SameSite=Lax: other sites cannot
 * make a browser send it with their POSTs. Secure whenever the request came over https.
 */
export function ownerCookieOptions({ secure }: { secure: boolean }): OwnerCookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: MAX_AGE_SECONDS };
}
