import { DEFAULT_KERNEL_LIMITS, type KernelLimits, type MountedFile, type RunResult } from '@/workers/kernel-protocol';
import { describeProgress } from '../kernel-progress';
import {
  KernelBusyError,
  KernelDisposedError,
  type BoundDataset,
  type ClientMountFile,
  type KernelClientOptions,
  type KernelRunCallbacks,
  type KernelRunRequest,
  type KernelTimings,
} from '../kernel-types';
import { KernelWorkerHandle, WorkerExitError, type WorkerExit } from './kernel-worker-handle';
import { MountedFiles } from './mounted-files';
import { DEFAULT_PREFETCH, prefetchDataLibraries } from './prefetch';
import { bootFailedMessage, clientResult, STOPPED_BEFORE_START } from '../run-results';
import { RunSupervisor } from './run-supervisor';
import { INITIAL_STATUS, KernelStateStore } from './kernel-state-store';
import { Standby } from './standby';

const DEFAULT_INTERRUPT_GRACE_MS = 1000;
// A booted worker replaced while we wait for it (it crashed while files were re-mounted) is retried this often.
const MAX_ACQUIRE_ATTEMPTS = 3;

export { INITIAL_KERNEL_STATE } from './kernel-state-store';

interface ActiveRun {
  supervisor: RunSupervisor | null;
  stopRequested: boolean;
}

/**
 * The page's handle on the Python kernel: one primary worker that runs code, one standby worker that replaces it
 * when it is killed or crashes, the mounted files to re-mount on a replacement, and a subscribe-able state.
 * Runs execute one at a time; mountFiles/reset/run are serialised so a replacement is re-mounted before use.
 */
export class KernelClient {
  private readonly files = new MountedFiles();
  private readonly store = new KernelStateStore(() => this.files.bindings());
  private primary: KernelWorkerHandle | null = null;
  private readonly standby: Standby | null;
  private readonly limits: KernelLimits;
  private disposed = false;
  private activeRun: ActiveRun | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timings: KernelTimings = { bootMs: null, lastRunMs: null, lastRecoveryMs: null };
  private recoveryStartedAt: number | null = null;

  constructor(private readonly options: KernelClientOptions) {
    this.limits = { ...DEFAULT_KERNEL_LIMITS, ...options.limits };
    this.standby = options.standby === false ? null : new Standby(() => this.spawn());
  }

  /** For useSyncExternalStore: stable function identities. */
  readonly subscribe = this.store.subscribe;

  readonly getState = this.store.getState;

  getTimings(): KernelTimings {
    return { ...this.timings };
  }

  /** Whether a replacement is waiting: 'ready' means a kill or crash costs no boot (for diagnostics and benchmarks). */
  getStandbyStatus(): 'none' | 'booting' | 'ready' {
    const standby = this.standby?.current;
    if (!standby) return 'none';
    return standby.info ? 'ready' : 'booting';
  }

  /** Boots the primary worker; after a failed boot, tries again. run/mountFiles/reset start the kernel too. */
  start(): void {
    if (this.disposed || this.primary) return;
    this.adoptPrimary(this.spawn());
  }

  /**
   * Runs code. Resolves with the worker's RunResult, or one the client made for a run the worker could not finish
   * (timeout/interrupted after a kill, crashed, load when the kernel cannot boot). Rejects with KernelBusyError if
   * a run is already queued or executing (runs are not queued), and with KernelDisposedError after dispose().
   */
  run(request: KernelRunRequest, callbacks: KernelRunCallbacks = {}): Promise<RunResult> {
    if (this.disposed) return Promise.reject(new KernelDisposedError());
    if (this.activeRun) return Promise.reject(new KernelBusyError());
    const active: ActiveRun = { supervisor: null, stopRequested: false };
    this.activeRun = active;
    // getState() says busy at once; subscribers hear of it once the code is on its way to the kernel (execute), and
    // of the end after the caller has its result, so the page re-renders while Python works, not in between.
    this.store.setBusy(true, 'later');
    const running = this.exclusive(() => this.execute(request, callbacks, active));
    const settled = () => {
      if (this.activeRun !== active) return;
      this.activeRun = null;
      this.store.setBusy(false, 'after-task');
    };
    // A reaction of its own, registered before the caller's: the run is over (not busy) when the caller resumes.
    running.then(settled, settled);
    return running;
  }

  /** Stops the current run: interrupt, then terminate after the grace (at once when not interruptible). */
  stop(): void {
    const active = this.activeRun;
    if (!active) return;
    active.stopRequested = true;
    active.supervisor?.stop('interrupted');
  }

  /**
   * Writes files under /data in the worker. The bytes are copied at the call (the caller's buffers stay usable) and
   * kept, so a replacement worker gets them again; a file with an existing name replaces it. A file with a binding
   * takes its variable from whatever held it before (getBindings says so from then on).
   */
  mountFiles(files: ClientMountFile[]): Promise<MountedFile[]> {
    if (this.disposed) return Promise.reject(new KernelDisposedError());
    const copies = files.map((file) => ({ ...file, data: file.data.slice(0) }));
    return this.exclusive(async () => {
      const handle = await this.acquirePrimary();
      const mounted = await this.files.add(handle, copies);
      this.store.emit();
      return mounted;
    });
  }

  /**
   * Which dataset each dfN is bound to right now, in df1..dfN order: the one answer to that question for the whole
   * page (the files panel shows it, the Ask flow binds and records each question's datasets from it).
   */
  getBindings(): BoundDataset[] {
    return this.files.bindings();
  }

  /**
   * A fresh kernel: the current one is terminated and the standby takes over (mounted files are mounted again), so
   * whatever code did to its interpreter — escaped or not — and every timer it armed ends with it. Resolves once the
   * new kernel is ready. Counts as a state loss.
   */
  reset(): Promise<void> {
    if (this.disposed) return Promise.reject(new KernelDisposedError());
    return this.exclusive(async () => {
      const old = this.primary;
      this.primary = null;
      old?.terminate('recycled');
      this.store.recordLoss('reset');
      this.adoptPrimary(this.standby?.take() ?? this.spawn());
      await this.acquirePrimary();
    });
  }

  /** Terminates every worker; a run in flight rejects with KernelDisposedError. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.standby?.dispose();
    const primary = this.primary;
    this.primary = null;
    primary?.terminate('disposed');
  }

  private async execute(request: KernelRunRequest, callbacks: KernelRunCallbacks, active: ActiveRun): Promise<RunResult> {
    const waitStartedAt = performance.now();
    let handle: KernelWorkerHandle;
    try {
      handle = await this.acquirePrimary();
    } catch (error) {
      if (error instanceof KernelDisposedError) throw error;
      const status = this.store.status;
      const message = status.state === 'error' ? status.message : bootFailedMessage(errorText(error));
      return clientResult({ status: 'load', error: { type: 'KernelLoadError', message }, elapsedMs: performance.now() - waitStartedAt });
    }
    if (active.stopRequested) {
      return clientResult({ status: 'interrupted', error: { type: 'Interrupted', message: STOPPED_BEFORE_START }, elapsedMs: 0 });
    }
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const supervisor = new RunSupervisor({
      handle,
      request: timeoutMs === undefined ? { code: request.code } : { code: request.code, timeoutMs },
      timeoutMs,
      graceMs: request.interruptGraceMs ?? this.options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS,
      maxStreamChars: this.limits.maxStreamChars,
      callbacks,
    });
    active.supervisor = supervisor;
    this.store.notify(); // the run is sent: 'busy' re-renders the page while the kernel works
    const result = await supervisor.result;
    if (supervisor.roundTripMs !== null) this.timings.lastRunMs = supervisor.roundTripMs;
    return result;
  }

  /** The booted primary with every kept file mounted; boots one if there is none (first use, or after an error). */
  private async acquirePrimary(): Promise<KernelWorkerHandle> {
    for (let attempt = 1; ; attempt++) {
      if (this.disposed) throw new KernelDisposedError();
      if (!this.primary) this.adoptPrimary(this.spawn());
      const handle = this.primary;
      if (!handle) throw new Error('The kernel worker could not be created.');
      try {
        await handle.ready;
        await this.files.sync(handle);
        if (handle === this.primary && !handle.exit) return handle;
      } catch (error) {
        if (this.disposed) throw new KernelDisposedError();
        // A boot failure is final for this call; a booted worker that died meanwhile has been replaced: use that.
        if (!handle.info || handle === this.primary || attempt >= MAX_ACQUIRE_ATTEMPTS) throw error;
      }
      if (attempt >= MAX_ACQUIRE_ATTEMPTS) throw new Error('The kernel worker kept stopping while it was being prepared.');
    }
  }

  private spawn(): KernelWorkerHandle {
    const { createHost, indexURL, packagesURL, limits, wheels } = this.options;
    const init = { indexURL, packagesURL, ...(limits ? { limits } : {}), ...(wheels ? { wheelsURL: wheels.url, extraWheels: wheels.names } : {}) };
    return new KernelWorkerHandle({ createHost, init, limits: this.limits });
  }

  private adoptPrimary(handle: KernelWorkerHandle): void {
    this.primary = handle;
    this.store.setPrefetch(null);
    handle.onExit((exit) => this.handlePrimaryExit(handle, exit));
    if (handle.info) {
      this.markReady(handle);
    } else {
      this.store.setStatus(handle.lastProgress ? { state: 'loading', ...describeProgress(handle.lastProgress) } : INITIAL_STATUS);
      handle.onBootProgress = (progress) => {
        if (this.primary === handle) this.store.setStatus({ state: 'loading', ...describeProgress(progress) });
      };
    }
    handle.ready.then(
      () => {
        if (this.primary !== handle || this.disposed) return;
        handle.onBootProgress = null;
        if (this.store.status.state !== 'ready') this.markReady(handle);
        this.prefetchOn(handle);
        // Only now: a standby booting alongside the primary would slow the boot the user is waiting for.
        this.standby?.fill();
      },
      (error: unknown) => {
        if (this.primary !== handle || this.disposed) return;
        this.primary = null;
        handle.terminate('crashed', errorText(error));
        this.store.setStatus({ state: 'error', message: bootFailedMessage(errorText(error)) });
      },
    );
  }

  private prefetchOn(handle: KernelWorkerHandle): void {
    prefetchDataLibraries({
      handle,
      packages: this.options.prefetchPackages ?? DEFAULT_PREFETCH,
      onProgress: (progress) => {
        if (this.primary !== handle || this.disposed) return;
        this.store.setPrefetch(progress);
        this.store.emit();
      },
    });
  }

  private markReady(handle: KernelWorkerHandle): void {
    if (!handle.info) return;
    this.timings.bootMs = handle.bootMs;
    if (this.recoveryStartedAt !== null) {
      this.timings.lastRecoveryMs = performance.now() - this.recoveryStartedAt;
      this.recoveryStartedAt = null;
    }
    this.store.setStatus({ state: 'ready', info: handle.info });
  }

  /** The primary was killed (timeout/Stop) or crashed: its variables are gone; promote the standby at once. */
  private handlePrimaryExit(handle: KernelWorkerHandle, exit: WorkerExit): void {
    if (this.primary !== handle || this.disposed || exit.reason === 'disposed' || exit.reason === 'recycled') return;
    // A worker that dies while booting is a boot failure, reported by adoptPrimary's ready handler.
    if (!handle.info) return;
    this.store.recordLoss(exit.reason);
    this.recoveryStartedAt = performance.now();
    this.timings.bootMs = null;
    this.adoptPrimary(this.standby?.take() ?? this.spawn());
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function errorText(error: unknown): string {
  // A dead worker's own detail reads better than the wrapper's "The kernel worker stopped (crashed): …".
  if (error instanceof WorkerExitError && error.exit.detail) return error.exit.detail;
  return error instanceof Error ? error.message : String(error);
}
