/**
 * Remote datasets cached on the analyst's disk in the browser (the origin private file system, OPFS), so a file
 * reaches the kernel as a disk-backed File that the kernel mounts without copying (workers/blob-mounts.ts): the tab's
 * memory stays flat whatever the file's size, a file may be larger than the kernel's 32-bit heap, and the standby
 * kernel re-mounts the same File (no second copy on the page). A dataset's bytes never change after registration
 * (upload URLs are single-use), so its id names its content; the cache is used only after the server has just
 * signed a download URL for that id, so access is still decided by the server on every load.
 *
 * Bytes are written to `<id>.part` and renamed when complete and of the catalogued size, so a crash mid-download
 * leaves nothing that passes for the file. Oldest files go when the cache passes its budget. The download itself runs
 * in a dedicated worker (disk-cache.worker.ts, synchronous writes at disk speed); where that worker cannot start, the
 * page streams to disk itself, more slowly.
 */

import { DownloadRefusedError, WorkerUnavailableError, downloadInWorker } from './disk-cache-download';
import { isDatasetId } from '@/lib/files/dataset-ids';
import { downloadFailureText } from './disk-cache-protocol';
import { forgetPickedFile } from '@/lib/files/client/local-files';

const FOLDER = 'ask-your-data-datasets';
/** At most this share of the origin's quota, and never more than MAX_BYTES. */
const QUOTA_SHARE = 0.5;
const MAX_BYTES = 50 * 1024 ** 3;

export interface DiskCache {
  /** The cached file for `id`, when it is complete and of `size` bytes. */
  get(args: { id: string; size: number }): Promise<File | null>;
  /**
   * Downloads `url` (without cookies) to disk as `id`; resolves with the stored File. Throws DownloadRefusedError when
   * storage answers with an error, anything else on a size mismatch, a write error or an abort.
   */
  store(args: { id: string; size: number; url: string; onChunk: (loaded: number) => void; signal?: AbortSignal }): Promise<File>;
  /** Forgets one dataset's file (it was deleted). */
  remove(args: { id: string }): Promise<void>;
  /** Forgets every cached file (on sign-out: another account may use this browser next). */
  clear(): Promise<void>;
}

type MovableHandle = FileSystemFileHandle & { move?: (name: string) => Promise<void> };

async function entriesOf(folder: FileSystemDirectoryHandle): Promise<Array<[string, FileSystemHandle]>> {
  const iterable = folder as FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
  const all: Array<[string, FileSystemHandle]> = [];
  for await (const entry of iterable.entries()) all.push(entry);
  return all;
}

async function fileIn({ folder, name }: { folder: FileSystemDirectoryHandle; name: string }): Promise<File | null> {
  try {
    return await (await folder.getFileHandle(name)).getFile();
  } catch {
    return null;
  }
}

class OpfsCache implements DiskCache {
  constructor(private readonly folder: FileSystemDirectoryHandle) {}

  async get({ id, size }: { id: string; size: number }): Promise<File | null> {
    if (!isDatasetId(id)) return null;
    const file = await fileIn({ folder: this.folder, name: id });
    return file && file.size === size ? file : null;
  }

  async store({ id, size, url, onChunk, signal }: Parameters<DiskCache['store']>[0]): Promise<File> {
    if (!isDatasetId(id)) throw new Error(`not a dataset id: ${String(id).slice(0, 40)}`);
    await this.makeRoom({ bytes: size });
    const partName = `${id}.part`;
    let written: number;
    try {
      try {
        written = await downloadInWorker({ url, folder: FOLDER, partName, size, onChunk, signal });
      } catch (error) {
        if (!(error instanceof WorkerUnavailableError)) throw error;
        written = await this.downloadInPage({ url, partName, onChunk, signal });
      }
    } catch (error) {
      await this.folder.removeEntry(partName).catch(() => undefined);
      throw error;
    }
    if (written !== size) {
      await this.folder.removeEntry(partName).catch(() => undefined);
      throw new Error(`the download has ${String(written)} bytes, the catalog says ${String(size)}`);
    }
    const part: MovableHandle = await this.folder.getFileHandle(partName);
    await this.folder.removeEntry(id).catch(() => undefined);
    if (typeof part.move === 'function') {
      await part.move(id);
      const stored = await fileIn({ folder: this.folder, name: id });
      if (stored) return stored;
    }
    // No rename here (older browsers): the complete .part file is used as it is, and replaced by the next download.
    return part.getFile();
  }

  /** The slower path, where the download worker cannot start: the page writes through a writable stream. */
  private async downloadInPage({
    url,
    partName,
    onChunk,
    signal,
  }: {
    url: string;
    partName: string;
    onChunk: (loaded: number) => void;
    signal?: AbortSignal;
  }): Promise<number> {
    const response = await fetch(url, { signal, credentials: 'omit', cache: 'no-store' });
    if (!response.ok || !response.body) throw new DownloadRefusedError(await downloadFailureText({ response }));
    const part = await this.folder.getFileHandle(partName, { create: true });
    const writable = await part.createWritable();
    let written = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        signal?.throwIfAborted();
        const { done, value } = await reader.read();
        if (done) break;
        await writable.write(value);
        written += value.length;
        onChunk(written);
      }
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    return written;
  }

  async remove({ id }: { id: string }): Promise<void> {
    if (!isDatasetId(id)) return;
    await this.folder.removeEntry(id).catch(() => undefined);
    await this.folder.removeEntry(`${id}.part`).catch(() => undefined);
  }

  async clear(): Promise<void> {
    for (const [name] of await entriesOf(this.folder)) await this.folder.removeEntry(name).catch(() => undefined);
  }

  /** Removes the oldest files until `bytes` more fit in the budget. */
  private async makeRoom({ bytes }: { bytes: number }): Promise<void> {
    const estimate = await navigator.storage.estimate().catch(() => ({ quota: undefined }));
    const budget = Math.min(MAX_BYTES, (estimate.quota ?? MAX_BYTES) * QUOTA_SHARE);
    const files: File[] = [];
    for (const [name, handle] of await entriesOf(this.folder)) {
      if (handle.kind !== 'file') continue;
      const file = await fileIn({ folder: this.folder, name });
      if (file) files.push(file);
    }
    files.sort((a, b) => a.lastModified - b.lastModified);
    let used = files.reduce((sum, file) => sum + file.size, 0);
    for (const file of files) {
      if (used + bytes <= budget) break;
      await this.folder.removeEntry(file.name).catch(() => undefined);
      used -= file.size;
    }
  }
}

let opened: Promise<DiskCache | null> | null = null;

/** The cache, or null where the browser has no OPFS (then files are copied into the kernel as before). */
export function openDiskCache(): Promise<DiskCache | null> {
  opened ??= (async () => {
    try {
      if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle(FOLDER, { create: true });
      // Writing from the page (not only from a worker) is what the cache needs: check it once.
      const probe = await folder.getFileHandle('.probe', { create: true });
      const writable = typeof probe.createWritable === 'function';
      await folder.removeEntry('.probe');
      return writable ? new OpfsCache(folder) : null;
    } catch {
      return null;
    }
  })();
  return opened;
}

/** A deleted dataset leaves nothing behind in this tab or on this browser's disk. */
export async function forgetDatasetFiles({ id }: { id: string }): Promise<void> {
  forgetPickedFile({ id });
  await (await openDiskCache())?.remove({ id });
}
