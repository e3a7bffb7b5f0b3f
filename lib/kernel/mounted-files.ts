import type { DatasetBinding, MountFile, MountedFile } from '@/workers/kernel-protocol';
import type { KernelWorkerHandle } from './kernel-worker-handle';

interface KeptFile {
  /** The client's own copy, of which each worker is sent a fresh copy; or a File/Blob, sent by reference (no copy). */
  data: ArrayBuffer | Blob;
  /** Kept so a replacement worker binds the same dfN again. */
  binding?: DatasetBinding;
  version: number;
}

/**
 * The files mounted in the kernel, kept on the page so a worker that replaces a killed or crashed one gets them
 * again before its first run. A file with an existing name replaces the kept one.
 */
export class MountedFiles {
  private readonly kept = new Map<string, KeptFile>();
  private lastVersion = 0;
  /** Which version of each file a worker has; a replacement starts empty and gets everything. */
  private readonly mounted = new WeakMap<KernelWorkerHandle, Map<string, number>>();

  /** Mounts new files on a worker and keeps them once mounted (a refused file must not be re-sent before every run). */
  async add(handle: KernelWorkerHandle, files: MountFile[]): Promise<MountedFile[]> {
    const result = await mountOn(handle, files);
    for (const file of files) {
      const version = ++this.lastVersion;
      this.kept.set(file.name, { data: file.data, binding: file.binding, version });
      this.versionsOn(handle).set(file.name, version);
    }
    return result;
  }

  /** Mounts the kept files this worker does not have yet (all of them on a promoted standby). */
  async sync(handle: KernelWorkerHandle): Promise<void> {
    const have = this.versionsOn(handle);
    const missing = [...this.kept].filter(([name, file]) => have.get(name) !== file.version);
    if (missing.length === 0) return;
    await mountOn(handle, missing.map(([name, file]) => ({ name, data: file.data, ...(file.binding ? { binding: file.binding } : {}) })));
    for (const [name, file] of missing) have.set(name, file.version);
  }

  private versionsOn(handle: KernelWorkerHandle): Map<string, number> {
    let versions = this.mounted.get(handle);
    if (!versions) {
      versions = new Map();
      this.mounted.set(handle, versions);
    }
    return versions;
  }
}

function mountOn(handle: KernelWorkerHandle, files: MountFile[]): Promise<MountedFile[]> {
  // Transfer a fresh copy: transferring detaches the buffer, and the kept copy must outlive this worker.
  const payload = files.map((file) => ({ ...file, data: file.data instanceof Blob ? file.data : file.data.slice(0) }));
  handle.clearInterrupt();
  return handle.call((rpc) => rpc.mountFiles(payload));
}
