import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../errors';

/**
 * File-system helpers of the local driver: atomic writes, the key walk behind listings, and tidy deletes.
 * Everything takes absolute paths already derived from validated keys.
 */

export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

// Temp files older than this belong to crashed writers: upload URLs live at most 12 h.
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** write() may write less than asked (a full disk, a signal); loop until all of `data` is on the file. */
async function writeFully({ handle, data }: { handle: fs.FileHandle; data: Uint8Array }): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
    if (bytesWritten === 0) throw new Error('write() made no progress');
    offset += bytesWritten;
  }
}

/**
 * Streams `chunks` into a new temp file, fsyncs it and renames it over `target`. A reader (or a crash) therefore sees
 * the old object or the complete new one, never a torn file; a refused body (too long, too short) leaves the old
 * object untouched. With `expectedLength` the byte count must match exactly; the write stops as soon as it is
 * exceeded so a lying client cannot fill the disk.
 */
export async function writeFileAtomically({
  tempDir,
  target,
  chunks,
  expectedLength,
  maxLength,
  guardRename,
}: {
  tempDir: string;
  target: string;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  expectedLength?: number;
  maxLength: number;
  /**
   * Runs the rename, once the whole body is in the temp file: may check again whether the write is still wanted (and
   * throw to drop it, leaving the old object) and hold a lock around check and rename.
   */
  guardRename?: (rename: () => Promise<void>) => Promise<void>;
}): Promise<number> {
  await fs.mkdir(tempDir, { recursive: true });
  const temp = path.join(tempDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  const limit = expectedLength ?? maxLength;
  let written = 0;
  let renamed = false;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    for await (const chunk of chunks) {
      written += chunk.byteLength;
      if (written > limit) {
        throw new StorageError({
          code: expectedLength === undefined ? 'too_large' : 'invalid_argument',
          message:
            expectedLength === undefined
              ? `Object is larger than the ${maxLength}-byte limit`
              : `Upload body is longer than the signed length of ${expectedLength} bytes`,
        });
      }
      await writeFully({ handle, data: chunk });
    }
    if (expectedLength !== undefined && written !== expectedLength) {
      throw new StorageError({
        code: 'invalid_argument',
        message: `Upload body ended after ${written} bytes; the URL was signed for ${expectedLength} bytes`,
      });
    }
    // Without fsync a power cut after rename can leave a zero-length file under the final name.
    await handle.sync();
    await handle.close();
    const rename = async () => {
      await ensureParentDirectory({ target });
      await renameIntoPlace({ temp, target });
      renamed = true;
    };
    await (guardRename ? guardRename(rename) : rename());
    return written;
  } finally {
    await handle.close().catch(() => undefined);
    if (!renamed) await fs.rm(temp, { force: true });
  }
}

async function ensureParentDirectory({ target }: { target: string }): Promise<void> {
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new StorageError({
        code: 'conflict',
        message: `Cannot store ${target}: a parent path is an existing object`,
        cause: error,
      });
    }
    throw error;
  }
}

async function renameIntoPlace({ temp, target }: { temp: string; target: string }): Promise<void> {
  try {
    await fs.rename(temp, target);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
      throw new StorageError({
        code: 'conflict',
        message: `Cannot store ${target}: other objects live under that name as a folder`,
        cause: error,
      });
    }
    throw error;
  }
}

/** Removes temp files left by crashed writers. Best effort: a failure here must never fail a write. */
export async function removeStaleTempFiles({ tempDir }: { tempDir: string }): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(tempDir);
  } catch {
    return;
  }
  const cutoff = Date.now() - STALE_TEMP_MS;
  await Promise.all(
    names.map(async (name) => {
      const file = path.join(tempDir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true }).catch(() => undefined);
    }),
  );
}

/**
 * Keys (relative, '/'-separated) of the regular files under `startDir`. Symlinks are skipped, so a link planted in
 * the data folder cannot expose files outside it; top-level dot entries (the driver's own files) are skipped.
 */
export async function collectKeys({ root, startDir }: { root: string; startDir: string }): Promise<string[]> {
  const keys: string[] = [];
  const pending: string[] = [startDir];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw error;
    }
    for (const entry of entries) {
      if (dir === root && entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) keys.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return keys;
}

/** Removes files that sit where `target` needs a folder, and a folder that sits where `target` needs a file. */
export async function clearBlockingPaths({ root, target }: { root: string; target: string }): Promise<void> {
  const segments = path.relative(root, target).split(path.sep);
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(() => null);
    if (stat && !stat.isDirectory()) await fs.rm(current, { force: true });
  }
  const last = await fs.lstat(target).catch(() => null);
  if (last?.isDirectory()) await fs.rm(target, { recursive: true, force: true });
}

/** Deletes empty folders from `dir` up to (not including) `root`, so deleted datasets leave no husks. */
export async function pruneEmptyParents({ root, dir }: { root: string; dir: string }): Promise<void> {
  let current = dir;
  while (current.startsWith(root + path.sep) && current !== root) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // not empty (or already gone): stop climbing
    }
    current = path.dirname(current);
  }
}

// The cursor is the last key of the previous page; encoded so callers treat it as opaque, as with S3 tokens.
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) {
    throw new StorageError({ code: 'invalid_argument', message: 'Invalid listing cursor' });
  }
  return key;
}
