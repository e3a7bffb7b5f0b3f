import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors';
import { assertValidDeletePrefix, assertValidKey, assertValidPrefix, compareKeys } from './keys';
import {
  clearBlockingPaths,
  collectKeys,
  decodeCursor,
  encodeCursor,
  errnoCode,
  pruneEmptyParents,
  removeStaleTempFiles,
  writeFileAtomically,
} from './local-files';
import { loadSigningSecret, signObjectQuery, verifyObjectQuery, type SignedObjectClaims } from './signing';
import type { CompletedPart, DownloadUrl, ObjectInfo, ObjectPage, StorageDriver, UploadPlan } from '../types';
import { assertContentType, assertUploadSize, clampListLimit, DEFAULT_CONTENT_TYPE, MAX_READ_BYTES, assertReadableRange } from './validate';

/**
 * The embedded default: objects are files under DATA_DIR (`DATA_DIR/datasets/<id>/<file>`), their content types in
 * `DATA_DIR/.meta/<key>` (JSON), in-flight writes in `DATA_DIR/.tmp/`. The browser reaches objects through the signed
 * app route `/api/storage/object` (see `signing.ts` for the URL form and `object-route.ts` for the handlers).
 * Uploads are single streamed PUTs; there is no multipart.
 */
export interface LocalStorageOptions {
  /** Root folder; created on first write. */
  dataDir: string;
  /** HMAC key for signed URLs; default: generated once into `dataDir/.signing-secret`. */
  signingSecret?: string;
  /** Path of the app route the signed URLs point at. Default `/api/storage/object`. */
  routePath?: string;
  uploadUrlExpirySeconds: number;
  downloadUrlExpirySeconds: number;
  maxUploadBytes: number;
  /** Clock, for tests of expiry. Default `Date.now`. */
  now?: () => number;
}

/** What the download route needs to serve an object: an open handle so a concurrent overwrite cannot tear it. */
export interface OpenedObject {
  handle: fs.FileHandle;
  size: number;
  lastModified: Date;
  contentType: string;
}

export class LocalStorageDriver implements StorageDriver {
  readonly kind = 'local';
  private readonly root: string;
  private readonly tempDir: string;
  private readonly metaDir: string;
  private readonly routePath: string;
  private readonly now: () => number;
  private cleanedTemp = false;

  constructor(private readonly options: LocalStorageOptions) {
    this.root = path.resolve(options.dataDir);
    this.tempDir = path.join(this.root, '.tmp');
    this.metaDir = path.join(this.root, '.meta');
    this.routePath = options.routePath ?? '/api/storage/object';
    this.now = options.now ?? Date.now;
  }

  private objectPath(key: string): string {
    assertValidKey({ key });
    return path.join(this.root, ...key.split('/'));
  }

  /** Mirrors the object tree exactly, so a key that fits the object tree fits the meta tree too. */
  private metaPath(key: string): string {
    return path.join(this.metaDir, ...key.split('/'));
  }

  async putObject({ key, body, contentType }: { key: string; body: Uint8Array | string; contentType?: string }) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    await this.writeObject({ key, chunks: [bytes], contentType: contentType ?? DEFAULT_CONTENT_TYPE });
  }

  /**
   * The one write path (putObject and the upload route): the object, then its content type, each atomically, so a
   * refused body changes neither. With `expectedLength` the body must be exactly that long.
   */
  async writeObject({
    key,
    chunks,
    contentType,
    expectedLength,
    guardRename,
  }: {
    key: string;
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    contentType: string;
    expectedLength?: number;
    /** See writeFileAtomically: the signed upload route re-checks single-use there (lib/storage/server/object-route.ts). */
    guardRename?: (rename: () => Promise<void>) => Promise<void>;
  }): Promise<number> {
    const target = this.objectPath(key);
    assertContentType({ contentType });
    if (!this.cleanedTemp) {
      this.cleanedTemp = true;
      await removeStaleTempFiles({ tempDir: this.tempDir });
    }
    const written = await writeFileAtomically({
      tempDir: this.tempDir,
      target,
      chunks,
      expectedLength,
      maxLength: this.options.maxUploadBytes,
      ...(guardRename ? { guardRename } : {}),
    });
    const meta = new TextEncoder().encode(JSON.stringify({ contentType }));
    const writeMeta = () => writeFileAtomically({ tempDir: this.tempDir, target: this.metaPath(key), chunks: [meta], maxLength: 65_536 });
    try {
      await writeMeta();
    } catch (error) {
      // Only leftovers of a crash between an object's delete and its meta's delete can be in the way: the object
      // tree just accepted this key. Clear them and try once more.
      if (!(error instanceof StorageError && error.code === 'conflict')) throw error;
      await clearBlockingPaths({ root: this.metaDir, target: this.metaPath(key) });
      await writeMeta();
    }
    return written;
  }

  async getObject({ key }: { key: string }): Promise<Uint8Array | null> {
    const opened = await this.openObject({ key });
    if (!opened) return null;
    try {
      if (opened.size > MAX_READ_BYTES) {
        throw new StorageError({
          code: 'too_large',
          message: `${key} is ${opened.size} bytes; getObject reads at most ${MAX_READ_BYTES} (use getRange or a download URL)`,
        });
      }
      return new Uint8Array(await opened.handle.readFile());
    } finally {
      await opened.handle.close();
    }
  }

  async getRange({ key, start, end }: { key: string; start: number; end: number }): Promise<Uint8Array> {
    assertReadableRange({ start, end });
    const opened = await this.openObject({ key });
    if (!opened) throw new StorageError({ code: 'not_found', message: `No object at ${key}` });
    try {
      const last = Math.min(end, opened.size - 1);
      if (start > last) return new Uint8Array(0);
      const buffer = new Uint8Array(last - start + 1);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await opened.handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await opened.handle.close();
    }
  }

  async headObject({ key }: { key: string }): Promise<ObjectInfo | null> {
    const opened = await this.openObject({ key });
    if (!opened) return null;
    await opened.handle.close();
    return { key, size: opened.size, lastModified: opened.lastModified, contentType: opened.contentType };
  }

  /** Opens the object for reading; the caller closes the handle. Null when absent (or when the key is a folder). */
  async openObject({ key }: { key: string }): Promise<OpenedObject | null> {
    const file = this.objectPath(key);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
      throw error;
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return null;
    }
    return { handle, size: stat.size, lastModified: stat.mtime, contentType: await this.readContentType(key) };
  }

  private async readContentType(key: string): Promise<string> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.metaPath(key), 'utf8'));
      if (parsed && typeof parsed === 'object' && 'contentType' in parsed && typeof parsed.contentType === 'string') {
        return parsed.contentType;
      }
    } catch {
      // A missing or unreadable sidecar only loses the content type, never the object.
    }
    return DEFAULT_CONTENT_TYPE;
  }

  async listObjects({ prefix, cursor, limit }: { prefix: string; cursor?: string; limit?: number }): Promise<ObjectPage> {
    assertValidPrefix({ prefix });
    const pageSize = clampListLimit({ limit });
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // Walk only the folder the prefix names; a partial last segment (`datasets/ab`) is filtered below.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const startDir = folder === '' ? this.root : path.join(this.root, ...folder.split('/'));
    const keys = (await collectKeys({ root: this.root, startDir }))
      .filter((key) => key.startsWith(prefix) && (after === undefined || compareKeys(key, after) > 0))
      .sort(compareKeys);
    const page = keys.slice(0, pageSize);
    const objects: ObjectInfo[] = [];
    for (const key of page) {
      // A file deleted between the walk and the stat simply drops out of the page.
      const stat = await fs.stat(path.join(this.root, ...key.split('/'))).catch(() => null);
      if (stat) objects.push({ key, size: stat.size, lastModified: stat.mtime });
    }
    const lastKey = page[page.length - 1];
    return keys.length > pageSize && lastKey !== undefined ? { objects, nextCursor: encodeCursor(lastKey) } : { objects };
  }

  async deleteObject({ key }: { key: string }): Promise<void> {
    const file = this.objectPath(key);
    const stat = await fs.lstat(file).catch(() => null);
    // A folder at this path holds other objects; it is not this object.
    if (!stat?.isFile()) return;
    await fs.rm(file, { force: true });
    const meta = await fs.lstat(this.metaPath(key)).catch(() => null);
    if (meta?.isFile()) await fs.rm(this.metaPath(key), { force: true });
    await pruneEmptyParents({ root: this.root, dir: path.dirname(file) });
    await pruneEmptyParents({ root: this.metaDir, dir: path.dirname(this.metaPath(key)) });
  }

  async deletePrefix({ prefix }: { prefix: string }): Promise<void> {
    assertValidDeletePrefix({ prefix });
    const segments = prefix.slice(0, -1).split('/');
    for (const [base, dir] of [
      [this.root, path.join(this.root, ...segments)],
      [this.metaDir, path.join(this.metaDir, ...segments)],
    ] as const) {
      const stat = await fs.lstat(dir).catch(() => null);
      // `a/b/` must not remove an object stored at `a/b` itself.
      if (stat?.isDirectory()) await fs.rm(dir, { recursive: true, force: true });
      await pruneEmptyParents({ root: base, dir: path.dirname(dir) });
    }
  }

  async createUpload({ key, contentType, contentLength }: { key: string; contentType: string; contentLength: number }) {
    assertValidKey({ key });
    assertContentType({ contentType });
    assertUploadSize({ contentLength, maxUploadBytes: this.options.maxUploadBytes });
    const exp = this.expiry(this.options.uploadUrlExpirySeconds);
    const url = await this.signedUrl({ op: 'put', key, exp, len: contentLength, type: contentType });
    const plan: UploadPlan = {
      kind: 'single',
      url,
      method: 'PUT',
      headers: { 'Content-Type': contentType },
      expiresAt: new Date(exp * 1000).toISOString(),
    };
    return plan;
  }

  async completeUpload({ key }: { key: string; uploadId: string; parts: CompletedPart[] }): Promise<void> {
    assertValidKey({ key });
    throw new StorageError({
      code: 'unsupported',
      message: 'Local storage uploads are single PUTs; there is no multipart upload to complete',
    });
  }

  async abortUpload({ key }: { key: string; uploadId: string }): Promise<void> {
    // Nothing to free: a refused or abandoned local PUT never leaves a partial object (see writeFileAtomically).
    assertValidKey({ key });
  }

  async createDownloadUrl({ key }: { key: string }): Promise<DownloadUrl> {
    assertValidKey({ key });
    const exp = this.expiry(this.options.downloadUrlExpirySeconds);
    return { url: await this.signedUrl({ op: 'get', key, exp }), expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Checks a request to the object route against its signed query; throws StorageError (400/403) when it fails. */
  async verifyRequest({ url, method }: { url: URL; method: string }): Promise<SignedObjectClaims> {
    const secret = await this.secret();
    const claims = verifyObjectQuery({ secret, params: url.searchParams, method, now: this.now() });
    assertValidKey({ key: claims.key });
    return claims;
  }

  private expiry(seconds: number): number {
    return Math.floor(this.now() / 1000) + seconds;
  }

  private secret(): Promise<Buffer> {
    return loadSigningSecret({ dataDir: this.root, configured: this.options.signingSecret });
  }

  private async signedUrl(claims: SignedObjectClaims): Promise<string> {
    return `${this.routePath}?${signObjectQuery({ secret: await this.secret(), claims })}`;
  }
}

export function createLocalStorage(options: LocalStorageOptions): LocalStorageDriver {
  return new LocalStorageDriver(options);
}
