import type { PageToFrame } from '@/workers/kernel-frame-protocol';
import type { DatasetBinding, InitInfo, KernelLimits, KernelProgress, MountFile, RunRequest, StreamChunk } from '@/workers/kernel-protocol';

/**
 * Public types of the main-thread kernel client. Only `import type` from the worker contract, so the page bundle
 * never pulls in worker code.
 */

/**
 * What the client needs from one kernel: a channel to its frame (kernel-frame-protocol.ts) and a way to end it. In
 * the browser it is a KernelFrame (kernel-frame-host.ts); tests pass a fake that answers in the same protocol.
 * `message` events carry the frame's untrusted messages in `data`; `error` events mean the kernel is gone.
 */
export interface KernelHost {
  postMessage(message: PageToFrame, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** Start-up state of the kernel, rendered as `data-state`. */
export type KernelStatus =
  | { state: 'loading'; message: string /** Fraction 0..1 of the current start-up phase. */; progress: number }
  | { state: 'ready'; info: InitInfo }
  | { state: 'error'; message: string };

/** Why the Python variables were lost: the kernel was killed (timeout / Stop), crashed, or reset() replaced it. */
export type StateLossReason = 'timeout' | 'interrupted' | 'crashed' | 'reset';

export interface KernelStateLoss {
  reason: StateLossReason;
  /** The generation that started with this loss. */
  generation: number;
}

/** One immutable snapshot per change (useSyncExternalStore compares by identity). */
export type KernelState = KernelStatus & {
  /** A run is queued or executing. */
  busy: boolean;
  /**
   * Increments every time the kernel's Python variables are lost (worker replaced after a kill or crash, or reset()).
   * Compare it across runs to tell the user "variables were lost". Mounted files survive: the client re-mounts them.
   */
  generation: number;
  /** The most recent loss, or null if the variables were never lost. */
  lastLoss: KernelStateLoss | null;
  /** The background prefetch of the data libraries: its latest progress while it runs, else null. */
  prefetch: KernelProgress | null;
  /** Which file (and catalog dataset) each dfN is bound to now, in df1..dfN order (KernelClient.getBindings). */
  bindings: readonly BoundDataset[];
};

/** The catalog dataset a mounted file is, so the client can say which dataset a variable is bound to. */
export interface MountedDatasetIdentity {
  id: string;
  displayName: string;
}

/** A file to mount, as the page hands it to the client: the worker's MountFile plus, for a catalog dataset, which one. */
export interface ClientMountFile extends MountFile {
  /** Kept on the page only (never sent to the worker). */
  dataset?: MountedDatasetIdentity;
}

/**
 * One variable the kernel binds to a mounted file. The kernel client is the one owner of this mapping: the files
 * panel, the Ask flow and re-runs all bind through it and read it back from it.
 */
export interface BoundDataset {
  /** `df1`, `df2`, … */
  variable: string;
  /** The catalog dataset, or null for a file mounted without one. */
  datasetId: string | null;
  displayName: string;
  /** Bare file name under /data. */
  fileName: string;
  /** `/data/<fileName>`. */
  path: string;
  format: DatasetBinding['format'];
  options?: DatasetBinding['options'];
  bytes: number;
}

export interface KernelClientOptions {
  /** Creates one kernel, e.g. `() => new KernelFrame({ frameUrl: '/kernel/frame' })`. */
  createHost: () => KernelHost;
  /** Absolute base URL of the self-hosted Pyodide core, ending in '/' (the kernel's frame has no base URL of its own). */
  indexURL: string;
  /** Absolute base URL of Pyodide's package wheels, ending in '/'. */
  packagesURL: string;
  /** Pure-Python wheels the kernel installs on first import (PYTHON_WHEELS_URL, PYTHON_EXTRA_WHEELS). Default: the
   * kernel's own defaults (seaborn from PyPI). */
  wheels?: { url: string; names: string[] };
  /** Caps sent to the worker at init. Default: the worker's DEFAULT_KERNEL_LIMITS. */
  limits?: Partial<KernelLimits>;
  /** Time limit of a run that does not pass its own `timeoutMs`. Default: none (only stop() ends it). */
  timeoutMs?: number;
  /** How long interrupted code may take to stop before the worker is terminated. Default 1000 ms. */
  interruptGraceMs?: number;
  /** Keep a second, booted kernel to replace a killed, crashed or recycled one at once. Default true. */
  standby?: boolean;
  /**
   * Packages each new primary kernel loads in the background once it is ready and its package mirror answered, so
   * the first question does not wait for them. Default: numpy, pandas, matplotlib. [] turns prefetching off.
   */
  prefetchPackages?: string[];
}

/** `RunRequest` plus a per-run override of the interrupt grace. */
export interface KernelRunRequest extends RunRequest {
  /** Default: the client's `interruptGraceMs`. */
  interruptGraceMs?: number;
}

export interface KernelRunCallbacks {
  /** Output while the code runs (never called after the run has settled). */
  onStream?: (chunk: StreamChunk) => void;
  /** Package loading triggered by the code's imports. */
  onProgress?: (progress: KernelProgress) => void;
}

/** Client-side measurements for the benchmark (ms, from performance.now()). */
export interface KernelTimings {
  /** Worker creation → init resolved, for the current primary worker (null while it boots). */
  bootMs: number | null;
  /** run() call sent to the worker → its result, for the last run (excludes waiting for boot/remount). */
  lastRunMs: number | null;
  /** Worker killed or crashed → replacement ready (≈0 when the standby was ready), for the last recovery. */
  lastRecoveryMs: number | null;
}

/** A second run() while one is queued or executing. The client runs one piece of code at a time and does not queue runs. */
export class KernelBusyError extends Error {
  constructor() {
    super('The kernel is already running code. Wait for that run to finish, or call stop() first.');
    this.name = 'KernelBusyError';
  }
}

/** Any call after dispose(), and a run that was in flight when dispose() was called. */
export class KernelDisposedError extends Error {
  constructor() {
    super('The kernel client was disposed; create a new one.');
    this.name = 'KernelDisposedError';
  }
}
