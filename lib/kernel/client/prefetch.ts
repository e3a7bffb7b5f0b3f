import type { KernelProgress } from '@/workers/kernel-protocol';
import type { KernelWorkerHandle } from './kernel-worker-handle';

/** What analysts reach for first; loaded while they type (KernelClientOptions.prefetchPackages). */
export const DEFAULT_PREFETCH = ['numpy', 'pandas', 'matplotlib'];

/**
 * Loads the data libraries in the background on a primary kernel whose package mirror answered at boot. Not on the
 * standby (that would double the memory; a promoted standby prefetches once it is the primary). Progress goes to
 * `onProgress`, then null when the prefetch ends either way (a failed prefetch leaves the run's own load to report).
 */
export function prefetchDataLibraries({
  handle,
  packages,
  onProgress,
}: {
  handle: KernelWorkerHandle;
  packages: string[];
  onProgress: (progress: KernelProgress | null) => void;
}): void {
  if (packages.length === 0 || handle.info?.packageSource?.reachable !== true) return;
  handle
    .call((rpc) => rpc.prefetch(packages, onProgress))
    .then(
      () => onProgress(null),
      () => onProgress(null),
    );
}
