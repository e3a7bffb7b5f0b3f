/**
 * Files mounted without copying them into the kernel's memory: a File or Blob (a file the analyst picked, or one
 * cached on disk by the page) is mounted read-only through Emscripten's WORKERFS, which reads its bytes on demand
 * (FileReaderSync, workers only). Pyodide's heap is 32-bit, so this is how a file larger than the heap can still be
 * streamed by Python (the csv module, pandas in chunks).
 *
 * Each Blob gets its own mount under `<data>/.mounted/<n>/` and `<data>/<name>` is a symlink to it: the path code
 * uses stays the same as for a copied file, and its real path stays inside the data folder the kernel's file rules
 * allow (workers/python/kernel_files.py resolves symlinks), so no rule changes for mounted files.
 */

/** The Emscripten FS calls a Blob mount needs (Pyodide types its FS loosely). */
export interface MountFs {
  mkdirTree(path: string): void;
  mount(type: unknown, options: { blobs: Array<{ name: string; data: Blob }> }, mountpoint: string): unknown;
  unmount(mountpoint: string): void;
  rmdir(path: string): void;
  symlink(target: string, path: string): void;
  unlink(path: string): void;
  analyzePath(path: string): { exists: boolean };
  filesystems: { WORKERFS: unknown };
}

export class BlobMounts {
  private count = 0;
  /** File name → the mount folder behind its symlink. */
  private readonly folders = new Map<string, string>();

  constructor(
    private readonly fs: MountFs,
    private readonly dataDir: string,
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

  /** Mounts `blob` as `<data>/<name>`; returns that path. */
  mount({ name, blob }: { name: string; blob: Blob }): string {
    this.release({ name });
    const path = `${this.dataDir}/${name}`;
    if (this.fs.analyzePath(path).exists) this.fs.unlink(path);
    this.count += 1;
    const folder = `${this.dataDir}/.mounted/${String(this.count)}`;
    this.fs.mkdirTree(folder);
    this.fs.mount(this.fs.filesystems.WORKERFS, { blobs: [{ name, data: blob }] }, folder);
    this.fs.symlink(`${folder}/${name}`, path);
    this.folders.set(name, folder);
    return path;
  }
}
