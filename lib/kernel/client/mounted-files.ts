import { mountDataBytes, type DatasetBinding, type MountFile, type MountedFile } from '@/workers/kernel-protocol';
import type { KernelWorkerHandle } from './kernel-worker-handle';
import type { BoundDataset, ClientMountFile, MountedDatasetIdentity } from '../kernel-types';

interface KeptFile {
  /** The client's own copy, of which each worker is sent a fresh copy; or a File/Blob, sent by reference (no copy). */
  data: ArrayBuffer | Blob;
  version: number;
  dataset?: MountedDatasetIdentity;
}

interface KeptBinding {
  /** The kept file the variable reads. */
  name: string;
  binding: DatasetBinding;
}

const DATA_DIR = '/data';

/**
 * The files mounted in the kernel and the variables bound to them, kept on the page so a worker that replaces a
 * killed or crashed one gets them again before its first run, and so the page can ask which dataset dfN is.
 * Bindings are kept by variable, as the worker keeps them (workers/kernel-core.ts): binding dfN to a file takes dfN
 * from whichever file held it, and a file may be bound to several variables.
 */
export class MountedFiles {
  private readonly kept = new Map<string, KeptFile>();
  private readonly bound = new Map<string, KeptBinding>();
  private lastVersion = 0;
  /** Which version of each file a worker has; a replacement starts empty and gets everything. */
  private readonly mounted = new WeakMap<KernelWorkerHandle, Map<string, number>>();

  /** Mounts new files on a worker and keeps them once mounted (a refused file must not be re-sent before every run). */
  async add(handle: KernelWorkerHandle, files: ClientMountFile[]): Promise<MountedFile[]> {
    const result = await mountOn(handle, files.map(toWorkerFile));
    for (const file of files) {
      const version = ++this.lastVersion;
      this.kept.set(file.name, { data: file.data, version, ...(file.dataset ? { dataset: file.dataset } : {}) });
      this.versionsOn(handle).set(file.name, version);
      if (file.binding) {
        // Re-inserted, so the Map's order is the order bindings were made (the worker applies them in that order).
        this.bound.delete(file.binding.variable);
        this.bound.set(file.binding.variable, { name: file.name, binding: file.binding });
      }
    }
    return result;
  }

  /** Mounts the kept files this worker does not have yet (all of them on a promoted standby), with their bindings. */
  async sync(handle: KernelWorkerHandle): Promise<void> {
    const have = this.versionsOn(handle);
    const missing = [...this.kept].filter(([name, file]) => have.get(name) !== file.version);
    if (missing.length === 0) return;
    const payload = missing.flatMap(([name, file]): MountFile[] => {
      const bindings = [...this.bound.values()].filter((kept) => kept.name === name);
      if (bindings.length === 0) return [{ name, data: file.data }];
      // One entry per variable: the worker binds each entry's variable to the file it writes.
      return bindings.map(({ binding }) => ({ name, data: file.data, binding }));
    });
    await mountOn(handle, payload);
    for (const [name, file] of missing) have.set(name, file.version);
  }

  /** Every bound variable with its file and dataset, in df1..dfN order (then other names alphabetically). */
  bindings(): BoundDataset[] {
    return [...this.bound.entries()]
      .map(([variable, { name, binding }]): BoundDataset => {
        const file = this.kept.get(name);
        return {
          variable,
          datasetId: file?.dataset?.id ?? null,
          displayName: file?.dataset?.displayName ?? name,
          fileName: name,
          path: `${DATA_DIR}/${name}`,
          format: binding.format,
          ...(binding.options ? { options: binding.options } : {}),
          bytes: file ? mountDataBytes(file.data) : 0,
        };
      })
      .sort(compareVariables);
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

function toWorkerFile({ dataset: _dataset, ...file }: ClientMountFile): MountFile {
  return file;
}

function compareVariables(left: BoundDataset, right: BoundDataset): number {
  const number = (variable: string) => Number(/^df(\d+)$/.exec(variable)?.[1] ?? Number.NaN);
  const [a, b] = [number(left.variable), number(right.variable)];
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  if (Number.isNaN(a) !== Number.isNaN(b)) return Number.isNaN(a) ? 1 : -1;
  return left.variable.localeCompare(right.variable);
}

function mountOn(handle: KernelWorkerHandle, files: MountFile[]): Promise<MountedFile[]> {
  // Transfer a fresh copy: transferring detaches the buffer, and the kept copy must outlive this worker.
  const payload = files.map((file) => ({ ...file, data: file.data instanceof Blob ? file.data : file.data.slice(0) }));
  handle.clearInterrupt();
  return handle.call((rpc) => rpc.mountFiles(payload));
}
