import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import type { BoundDataset, ClientMountFile } from '@/lib/kernel/kernel-types';
import type { MountedFile } from '@/workers/kernel-protocol';
import type { ActionResult, DatasetDownload } from '@/lib/files/dataset-types';
import { loadDatasetsIntoKernel, type LoadProgress } from './load-into-kernel';

/**
 * The files panel and the Ask flow bind datasets through the kernel client (lib/kernel), the one owner of "which
 * dataset is dfN": both read its bindings at the moment they load, never a record of their own. Browser-safe.
 */
export interface KernelBindings {
  mountFiles: (files: ClientMountFile[]) => Promise<MountedFile[]>;
  getBindings: () => BoundDataset[];
}

type GetDownloadUrls = (input: { ids: string[] }) => Promise<ActionResult<{ downloads: DatasetDownload[] }>>;

/** The kernel's catalog bindings as the loader's `loaded` list. */
function loadedFromBindings(bindings: readonly BoundDataset[]): Array<{ id: string; variable: string }> {
  return bindings.flatMap((bound) => (bound.datasetId ? [{ id: bound.datasetId, variable: bound.variable }] : []));
}

/** "Load into Python" (files panel): new datasets take the lowest dfN the kernel does not bind; reloads keep theirs. */
export async function loadIntoPython({
  ids,
  kernel,
  onProgress,
  getDownloadUrls,
}: {
  ids: string[];
  kernel: KernelBindings;
  onProgress?: (progress: LoadProgress) => void;
  getDownloadUrls?: GetDownloadUrls;
}): Promise<void> {
  await loadDatasetsIntoKernel({
    datasets: ids.map((id) => ({ id })),
    mountFiles: kernel.mountFiles,
    // Read at the moment of the load: what the Ask flow bound since counts too.
    loaded: loadedFromBindings(kernel.getBindings()),
    ...(onProgress ? { onProgress } : {}),
    ...(getDownloadUrls ? { getDownloadUrls } : {}),
  });
}

/**
 * The Ask flow's data step: bind each brief's dataset to the brief's variable (the code the model writes names the
 * variables its briefs gave it), fetching only those the kernel does not bind that way now, so follow-ups on the same
 * data skip the download and a dataset the files panel put in that variable meanwhile is replaced. Resolves with the
 * kernel's bindings afterwards: what the question's code runs against.
 */
export async function bindBriefs({
  briefs,
  kernel,
  signal,
  onProgress,
  getDownloadUrls,
}: {
  briefs: readonly Pick<DatasetBrief, 'id' | 'variable'>[];
  kernel: KernelBindings;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  getDownloadUrls?: GetDownloadUrls;
}): Promise<BoundDataset[]> {
  const bound = kernel.getBindings();
  const stale = briefs.filter((brief) => !bound.some((entry) => entry.variable === brief.variable && entry.datasetId === brief.id));
  if (stale.length > 0) {
    await loadDatasetsIntoKernel({
      datasets: stale.map((brief) => ({ id: brief.id, variable: brief.variable })),
      mountFiles: kernel.mountFiles,
      loaded: loadedFromBindings(bound),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(getDownloadUrls ? { getDownloadUrls } : {}),
    });
  }
  return kernel.getBindings();
}
