import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors';

/**
 * Signed app URLs for the local driver: they stand in for S3 presigned URLs, so the browser can upload and download
 * objects through `/api/storage/object` without a session. The signature is HMAC-SHA256 over the operation, key,
 * expiry and (for uploads) the exact length and content type, so a URL cannot be reused for another object, another
 * method, a bigger body, or after it expires.
 *
 * URL form (all values URL-encoded, order irrelevant):
 *   download: /api/storage/object?op=get&key=<key>&exp=<unix s>&sig=<base64url>
 *   upload:   /api/storage/object?op=put&key=<key>&exp=<unix s>&len=<bytes>&type=<content type>&sig=<base64url>
 */
export type SignedOperation = 'get' | 'put';

export interface SignedObjectClaims {
  op: SignedOperation;
  key: string;
  /** Expiry, Unix seconds. */
  exp: number;
  /** Exact body length in bytes (uploads only). */
  len?: number;
  /** Exact Content-Type header (uploads only). */
  type?: string;
}

const SECRET_FILE = '.signing-secret';
// Bumping the version invalidates every outstanding URL, which is what a format change needs.
const SIGNATURE_VERSION = 'ayd-storage-url-v1';

/** By secret file path: one read or creation per file and process. */
const secretsByFile = new Map<string, Promise<Buffer>>();

/**
 * The HMAC key: SIGNING_SECRET when configured, else a random 32-byte secret created once in DATA_DIR/.signing-secret
 * (mode 0600). Created with link() from a temp file so two processes starting together never read a half-written
 * secret: exactly one link wins, the other reads the winner's file.
 */
export function loadSigningSecret({ dataDir, configured }: { dataDir: string; configured?: string }): Promise<Buffer> {
  return loadSecret({ dataDir, configured, fileName: SECRET_FILE, envName: 'SIGNING_SECRET' });
}

/**
 * A secret from configuration or, when none is configured, from `dataDir/fileName` (created once, as above). Also
 * used for Better Auth's cookie secret (lib/access/server/auth.ts). File names start with '.': never a storage key.
 */
export function loadSecret({
  dataDir,
  configured,
  fileName,
  envName,
}: {
  dataDir: string;
  configured?: string;
  fileName: string;
  envName: string;
}): Promise<Buffer> {
  if (configured) return Promise.resolve(Buffer.from(configured, 'utf8'));
  const file = path.join(path.resolve(dataDir), fileName);
  let pending = secretsByFile.get(file);
  if (!pending) {
    pending = readOrCreateSecret({ file, envName });
    // A failed attempt (read-only disk) must not be cached forever.
    pending.catch(() => secretsByFile.delete(file));
    secretsByFile.set(file, pending);
  }
  return pending;
}

async function readOrCreateSecret({ file, envName }: { file: string; envName: string }): Promise<Buffer> {
  const dir = path.dirname(file);
  const fileName = path.basename(file);
  const existing = await readSecretFile({ file, envName });
  if (existing) return existing;
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `${fileName}.${randomBytes(8).toString('hex')}.tmp`);
  await fs.writeFile(temp, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temp, file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  const created = await readSecretFile({ file, envName });
  if (!created) throw new Error(`Could not read the secret just written to ${file}`);
  return created;
}

async function readSecretFile({ file, envName }: { file: string; envName: string }): Promise<Buffer | null> {
  let text: string;
  try {
    text = (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
  if (text.length < 32) {
    throw new Error(`${file} is shorter than 32 characters; delete it to generate a new secret, or set ${envName}`);
  }
  return Buffer.from(text, 'utf8');
}

function computeSignature({ secret, claims }: { secret: Buffer; claims: SignedObjectClaims }): Buffer {
  // Newline-separated fields are unambiguous: keys and content types cannot contain control characters.
  const canonical = [SIGNATURE_VERSION, claims.op, claims.key, claims.exp, claims.len ?? '', claims.type ?? ''].join('\n');
  return createHmac('sha256', secret).update(canonical, 'utf8').digest();
}

/** The query string (without '?') of a signed URL for `claims`. */
export function signObjectQuery({ secret, claims }: { secret: Buffer; claims: SignedObjectClaims }): string {
  const params = new URLSearchParams({ op: claims.op, key: claims.key, exp: String(claims.exp) });
  if (claims.len !== undefined) params.set('len', String(claims.len));
  if (claims.type !== undefined) params.set('type', claims.type);
  params.set('sig', computeSignature({ secret, claims }).toString('base64url'));
  return params.toString();
}

function deny(message: string): never {
  throw new StorageError({ code: 'forbidden', message });
}

function malformed(message: string): never {
  throw new StorageError({ code: 'invalid_argument', message });
}

function requireParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') malformed(`Signed storage URL is missing its '${name}' parameter`);
  return value;
}

function parseWholeNumber(params: URLSearchParams, name: string): number {
  const text = requireParam(params, name);
  if (!/^\d{1,15}$/.test(text)) malformed(`Signed storage URL has a malformed '${name}' parameter`);
  return Number(text);
}

/**
 * Checks a request against its signed URL; returns the verified claims or throws a StorageError whose message says
 * exactly what is wrong (missing parameter 400, wrong method / bad signature / expired 403).
 */
export function verifyObjectQuery({
  secret,
  params,
  method,
  now = Date.now(),
}: {
  secret: Buffer;
  params: URLSearchParams;
  method: string;
  now?: number;
}): SignedObjectClaims {
  const op = requireParam(params, 'op');
  if (op !== 'get' && op !== 'put') malformed(`Signed storage URL has an unknown op '${op}' (expected get or put)`);
  const wanted: SignedOperation = method === 'PUT' ? 'put' : 'get';
  if (op !== wanted) {
    deny(
      op === 'put'
        ? `This URL is signed for uploads (PUT) and cannot be used with ${method}`
        : `This URL is signed for downloads (GET) and cannot be used with ${method}`,
    );
  }
  const key = requireParam(params, 'key');
  const exp = parseWholeNumber(params, 'exp');
  const claims: SignedObjectClaims = { op, key, exp };
  if (op === 'put') {
    claims.len = parseWholeNumber(params, 'len');
    claims.type = requireParam(params, 'type');
  }
  const given = Buffer.from(requireParam(params, 'sig'), 'base64url');
  const expected = computeSignature({ secret, claims });
  // timingSafeEqual throws on different lengths; a different length is simply a mismatch.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    deny('Signature does not match this URL: it was altered (key, expiry, length or type) or signed with another secret');
  }
  const nowSeconds = Math.floor(now / 1000);
  if (nowSeconds > exp) {
    deny(`This URL expired at ${new Date(exp * 1000).toISOString()} (${nowSeconds - exp} s ago); request a new one`);
  }
  return claims;
}
