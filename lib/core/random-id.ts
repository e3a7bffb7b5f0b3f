/**
 * 128-bit random ids in base64url (22 characters), the form of dataset and analysis ids: unguessable, so an id can
 * be a capability, and needing no coordination between stateless servers.
 *
 * Browser-safe (no `server-only`): pages validate ids with the pattern, and Web Crypto is the same in Node and tests.
 */

/** 21 free characters and a last one that carries only 2 bits (128 = 21·6 + 2), hence [AQgw]. */
export const RANDOM_ID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** Unpadded base64url (RFC 4648 §5): safe in URLs and storage keys as it is. */
export function toBase64Url({ bytes }: { bytes: Uint8Array }): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh id: 16 bytes from the platform's CSPRNG. */
export function newRandomId(): string {
  return toBase64Url({ bytes: globalThis.crypto.getRandomValues(new Uint8Array(16)) });
}
