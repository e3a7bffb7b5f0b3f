import type { KernelWorkerHandle } from './kernel-worker-handle';

/**
 * The spare worker. A fresh Pyodide needs 2–3 s to boot, so a killed or crashed primary is replaced by a worker that
 * booted in the background. The client fills the slot only once its primary is ready, so the two boots never
 * compete for the same cores.
 */
export class Standby {
  private handle: KernelWorkerHandle | null = null;
  /** The error of the last standby boot that failed, for diagnostics. */
  lastError: string | null = null;

  constructor(private readonly spawn: () => KernelWorkerHandle) {}

  /** The standby worker, booted or still booting; null if there is none. */
  get current(): KernelWorkerHandle | null {
    return this.handle;
  }

  /** Starts a standby boot unless one exists. */
  fill(): void {
    if (this.handle) return;
    const handle = this.spawn();
    this.handle = handle;
    // A standby that dies or fails to boot is dropped, not retried: the next promotion boots a fresh primary and
    // refills the slot once that one is ready, so a broken configuration never loops.
    handle.onExit((exit) => {
      if (this.handle !== handle) return;
      this.handle = null;
      this.lastError = exit.detail || exit.reason;
    });
    handle.ready.catch((error: unknown) => {
      if (this.handle !== handle) return;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.handle = null;
      handle.terminate('crashed', this.lastError);
    });
  }

  /** Hands the standby over (booted or not) and empties the slot. */
  take(): KernelWorkerHandle | null {
    const handle = this.handle;
    this.handle = null;
    return handle;
  }

  dispose(): void {
    this.take()?.terminate('disposed');
  }
}
