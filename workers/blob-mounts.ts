/**
 * Files mounted without copying them into the kernel's memory: a File or Blob (a file the analyst picked, or one
 * cached on disk by the page) is mounted read-only and its bytes are read on demand. Pyodide's heap is 32-bit, so this
 * is how a file larger than the heap can still be streamed by Python (the csv module, pandas in chunks).
 *
 * Two ways to read: where the kernel is cross-origin isolated the frame keeps the Blob and serves each read through a
 * SharedArrayBuffer (a RemoteBlob here; blob-read-protocol.ts says why), and this mounts a file node whose reads
 * go there. Otherwise the Blob itself is mounted through Emscripten's WORKERFS (FileReaderSync, workers only).
 *
 * Each Blob gets its own mount under `<data>/.mounted/<n>/` and `<data>/<name>` is a symlink to it: the path code
 * uses stays the same as for a copied file, and its real path stays inside the data folder the kernel's file rules
 * allow (workers/python/kernel_files.py resolves symlinks), so no rule changes for mounted files.
 */

import type { RemoteBlob } from './blob-read-protocol';

/** An Emscripten file system node, as far as a remote file needs it. */
interface FsNode {
  stream_ops: object;
}

/** What of Emscripten's WORKERFS a remote file borrows: its read-only nodes (stat, readdir, refusals) and llseek. */
interface WorkerFs {
  DIR_MODE: number;
  FILE_MODE: number;
  createNode(parent: FsNode | null, name: string, mode: number, dev: number, contents?: { size: number }): FsNode;
  stream_ops: object;
}

/** The Emscripten FS calls a Blob mount needs (Pyodide types its FS loosely). */
export interface MountFs {
  mkdirTree(path: string): void;
  mount(type: unknown, options: { blobs: Array<{ name: string; data: Blob }> } | object, mountpoint: string): unknown;
  unmount(mountpoint: string): void;
  rmdir(path: string): void;
  symlink(target: string, path: string): void;
  unlink(path: string): void;
  analyzePath(path: string): { exists: boolean };
  filesystems: { WORKERFS: WorkerFs };
  ErrnoError: new (errno: number) => Error;
}

/** Reads `target.length` bytes of remote blob `mount` from `offset`; fewer only at the end. Throws when it cannot. */
export type RemoteRead = (mount: number, offset: number, target: Uint8Array) => number;

/** Emscripten's errno for an I/O error (what Python sees as OSError [Errno 29]). */
const EIO = 29;

export class BlobMounts {
  private count = 0;
  /** File name → the mount folder behind its symlink. */
  private readonly folders = new Map<string, string>();

  constructor(
    private readonly fs: MountFs,
    private readonly dataDir: string,
    /** Where RemoteBlob reads go; absent where the kernel is not cross-origin isolated (then only Blobs mount). */
    private readonly remoteRead?: RemoteRead,
  ) {}

  /** Frees `<data>/<name>` for a new file: the old file or symlink goes, and the Blob mount behind it. */
  release({ name }: { name: string }): void {
    const path = `${this.dataDir}/${name}`;
    const folder = this.folders.get(name);
    if (folder) {
      this.fs.unlink(path);
      this.fs.unmount(folder);
      this.fs.rmdir(folder);
      this.folders.delete(name);
    }
  }

  /** Mounts `blob` (a Blob here, or one the frame serves) as `<data>/<name>`; returns that path. */
  mount({ name, blob }: { name: string; blob: Blob | RemoteBlob }): string {
    this.release({ name });
    const path = `${this.dataDir}/${name}`;
    if (this.fs.analyzePath(path).exists) this.fs.unlink(path);
    this.count += 1;
    const folder = `${this.dataDir}/.mounted/${String(this.count)}`;
    this.fs.mkdirTree(folder);
    if (blob instanceof Blob) this.fs.mount(this.fs.filesystems.WORKERFS, { blobs: [{ name, data: blob }] }, folder);
    else this.fs.mount(this.remoteFileSystem(name, blob), {}, folder);
    this.fs.symlink(`${folder}/${name}`, path);
    this.folders.set(name, folder);
    return path;
  }

  /**
   * A file system of one read-only file whose reads go to the frame: WORKERFS's nodes with its own read. Reads are
   * synchronous (Emscripten's are); a failure becomes EIO, an error Python can catch, never a JavaScript exception
   * through the interpreter.
   */
  private remoteFileSystem(name: string, blob: RemoteBlob): { mount(): FsNode } {
    const read = this.remoteRead;
    if (!read) throw new Error(`Cannot mount "${name}": this kernel does not serve files from its frame.`);
    const { WORKERFS } = this.fs.filesystems;
    const { ErrnoError } = this.fs;
    const streamOps = {
      ...WORKERFS.stream_ops,
      read(stream: { node: { size: number } }, buffer: ArrayBufferView, offset: number, length: number, position: number): number {
        if (position >= stream.node.size) return 0;
        const target = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, Math.min(length, stream.node.size - position));
        try {
          return read(blob.remoteBlob, position, target);
        } catch {
          throw new ErrnoError(EIO);
        }
      },
    };
    return {
      mount() {
        const root = WORKERFS.createNode(null, '/', WORKERFS.DIR_MODE, 0);
        const file = WORKERFS.createNode(root, name, WORKERFS.FILE_MODE, 0, { size: blob.size });
        file.stream_ops = streamOps;
        return root;
      },
    };
  }
}
