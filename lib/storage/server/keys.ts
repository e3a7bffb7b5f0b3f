import 'server-only';
import { StorageError } from '../errors';

/**
 * Key and prefix validation shared by both drivers. Keys are server-generated, so a key that fails here is a bug or
 * an attack (a user-chosen file name that slipped through unsanitised), never something to repair silently.
 *
 * Rules, and why:
 * - non-empty, at most 1,024 UTF-8 bytes (S3's limit);
 * - no leading '/', no backslash, no empty, '.' or '..' segment: the local driver maps keys onto paths, and S3
 *   consoles and SDKs normalise such keys differently, so they could address something other than intended;
 * - no control characters (C0, DEL, C1): they break logs, HTTP headers and XML listings;
 * - the first segment may not start with '.': the local driver keeps its own files there (`.signing-secret`,
 *   `.tmp/`, `.meta/`); refusing it in both drivers keeps the contract identical.
 */
const MAX_KEY_BYTES = 1024;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function refuse(kind: 'key' | 'prefix', value: string, reason: string): never {
  throw new StorageError({
    code: 'invalid_key',
    message: `Invalid storage ${kind} ${JSON.stringify(value)}: ${reason}`,
  });
}

function checkCharacters(kind: 'key' | 'prefix', value: string): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES) refuse(kind, value, `longer than ${MAX_KEY_BYTES} bytes`);
  if (value.startsWith('/')) refuse(kind, value, "must be relative (no leading '/')");
  if (value.includes('\\')) refuse(kind, value, 'backslashes are not allowed');
  if (CONTROL_CHARS.test(value)) refuse(kind, value, 'control characters are not allowed');
  if (value.startsWith('.')) refuse(kind, value, "names starting with '.' at the top level are reserved");
}

function checkSegments(kind: 'key' | 'prefix', value: string, segments: string[]): void {
  for (const segment of segments) {
    if (segment === '') refuse(kind, value, "empty path segment ('//')");
    if (segment === '.' || segment === '..') refuse(kind, value, `'${segment}' path segments are not allowed`);
  }
}

/** Throws `invalid_key` unless `key` names one object. */
export function assertValidKey({ key }: { key: string }): void {
  if (typeof key !== 'string' || key.length === 0) refuse('key', String(key), 'must be a non-empty string');
  checkCharacters('key', key);
  if (key.endsWith('/')) refuse('key', key, "must not end with '/'");
  checkSegments('key', key, key.split('/'));
}

/**
 * Throws `invalid_key` unless `prefix` is a usable listing prefix: '' (everything) or a key-like string. A partial
 * last segment (`datasets/ab`) is allowed for listing; a trailing '/' is allowed.
 */
export function assertValidPrefix({ prefix }: { prefix: string }): void {
  if (typeof prefix !== 'string') refuse('prefix', String(prefix), 'must be a string');
  if (prefix === '') return;
  checkCharacters('prefix', prefix);
  const segments = prefix.split('/');
  // A trailing '/' leaves one empty last segment; that one is fine.
  if (prefix.endsWith('/')) segments.pop();
  checkSegments('prefix', prefix, segments);
}

/** deletePrefix is destructive, so it takes only whole "folders": non-empty and ending with '/'. */
export function assertValidDeletePrefix({ prefix }: { prefix: string }): void {
  assertValidPrefix({ prefix });
  if (prefix === '' || !prefix.endsWith('/')) {
    refuse('prefix', prefix, "deletePrefix needs a non-empty prefix ending with '/' (e.g. 'datasets/<id>/')");
  }
}

/** Byte order (S3 lists keys by UTF-8 bytes), not UTF-16 code units as `Array.prototype.sort` would. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
