import type { FrameInitOptions } from '@/workers/kernel-frame-protocol';
import type { InitInfo, KernelLimits, KernelProgress } from '@/workers/kernel-protocol';
import { KernelRpc } from '../kernel-rpc';
import type { KernelHost } from '../kernel-types';

/**
 * Why a worker is gone. `crashed` covers error events, undeliverable messages, a broken runtime and messages that
 * break the contract; `recycled` is a reset or a new conversation (the kernel is replaced, never reset in place).
 */
export type WorkerExitReason = 'timeout' | 'interrupted' | 'crashed' | 'recycled' | 'disposed';

export interface WorkerExit {
  reason: WorkerExitReason;
  /** For crashes: what the browser or the worker said. */
  detail: string;
  /** The kernel sent something that does not fit the contract (kernel-schema.ts): broken or hostile, not out of memory. */
  contract?: boolean;
}

/** A call to a worker that was terminated or crashed before the call settled. */
export class WorkerExitError extends Error {
  constructor(readonly exit: WorkerExit) {
    super(exit.detail ? `The kernel worker stopped (${exit.reason}): ${exit.detail}` : `The kernel worker stopped (${exit.reason}).`);
    this.name = 'WorkerExitError';
  }
}

export interface SpawnWorkerOptions {
  createHost: () => KernelHost;
  /** InitOptions minus the interrupt buffer, which the kernel's frame owns. */
  init: FrameInitOptions;
  /** The caps the kernel's answers are validated against (the same ones it is booted with). */
  limits: KernelLimits;
}

let nextId = 1;

/**
 * One kernel (its frame and worker): boots it, knows whether it can be interrupted, and turns its death into a
 * single `exit`. After terminate() or a crash a pending call never settles (the kernel cannot answer any more), so
 * every call goes through `call()`, which rejects at the exit and drops whatever the dead kernel might still deliver.
 */
export class KernelWorkerHandle {
  readonly id = nextId++;
  /** Resolves when init() has finished; rejects if the boot fails or the worker dies first. */
  readonly ready: Promise<InitInfo>;
  info: InitInfo | null = null;
  bootMs: number | null = null;
  /** Latest boot progress, so a standby promoted mid-boot can show where it is. */
  lastProgress: KernelProgress | null = null;
  /** Receives boot progress while set (the client sets it on the primary only). */
  onBootProgress: ((progress: KernelProgress) => void) | null = null;
  private exitState: WorkerExit | null = null;
  private readonly exitListeners = new Set<(exit: WorkerExit) => void>();
  private readonly host: KernelHost;
  private readonly rpc: KernelRpc;

  constructor({ createHost, init, limits }: SpawnWorkerOptions) {
    const startedAt = performance.now();
    try {
      this.host = createHost();
    } catch (error) {
      // E.g. a SecurityError or a bad URL: the handle is born dead, so its boot fails like any other.
      this.host = INERT_HOST;
      this.exitState = { reason: 'crashed', detail: `the kernel could not be created (${error instanceof Error ? error.message : String(error)})` };
    }
    this.host.addEventListener('error', this.handleHostError);
    this.rpc = new KernelRpc({
      host: this.host,
      limits,
      onFailure: (detail, kind) =>
        this.terminate('crashed', kind === 'contract' ? `the kernel sent a message that breaks its contract: ${detail}` : detail, kind === 'contract'),
    });
    const onProgress = (progress: KernelProgress) => {
      if (this.exitState) return;
      this.lastProgress = progress;
      this.onBootProgress?.(progress);
    };
    this.ready = this.call((rpc) => rpc.init(init, onProgress)).then((info) => {
      this.info = info;
      this.bootMs = performance.now() - startedAt;
      return info;
    });
    // The client observes failures through its own handlers; this keeps an unobserved standby boot failure quiet.
    this.ready.catch(() => undefined);
  }

  get exit(): WorkerExit | null {
    return this.exitState;
  }

  /** Interrupts work only when the kernel's frame holds a shared flag (it is cross-origin isolated); otherwise the
   * only stop is terminate(). */
  get interruptible(): boolean {
    return this.info?.interruptible === true;
  }

  /** The frame writes SIGINT (2) into its shared flag; Pyodide raises KeyboardInterrupt at the next bytecode check. */
  requestInterrupt(): void {
    if (!this.exitState) this.rpc.interrupt();
  }

  /** A flag left at 2 would kill the next piece of Python at once, so it is cleared before every call. Messages to
   * the frame keep their order, so a clear sent before a run lands before it, and a Stop sent after it lands after. */
  clearInterrupt(): void {
    if (!this.exitState) this.rpc.clearInterrupt();
  }

  /** Calls the kernel; rejects with WorkerExitError when it is gone before the call settles. */
  call<T>(invoke: (rpc: KernelRpc) => Promise<T>): Promise<T> {
    if (this.exitState) return Promise.reject(new WorkerExitError(this.exitState));
    return new Promise<T>((resolve, reject) => {
      const stopListening = this.onExit((exit) => reject(new WorkerExitError(exit)));
      invoke(this.rpc).then(
        (value) => {
          stopListening();
          if (!this.exitState) resolve(value);
        },
        (error: unknown) => {
          stopListening();
          reject(this.exitState ? new WorkerExitError(this.exitState) : error);
        },
      );
    });
  }

  /** Listens for the worker's death; returns the unsubscribe function. */
  onExit(listener: (exit: WorkerExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Kills the kernel (idempotent); the first reason wins. */
  terminate(reason: WorkerExitReason, detail = '', contract = false): void {
    if (this.exitState) return;
    this.exitState = contract ? { reason, detail, contract } : { reason, detail };
    this.host.removeEventListener('error', this.handleHostError);
    this.rpc.dispose();
    this.onBootProgress = null;
    this.host.terminate();
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const listener of listeners) listener(this.exitState);
  }

  private readonly handleHostError = (event: Event): void => {
    // Keep the browser from also logging it as an uncaught error: the client reports it as a crash.
    event.preventDefault();
    const message = 'message' in event && typeof event.message === 'string' && event.message ? event.message : 'the kernel raised an uncaught error';
    this.terminate('crashed', message);
  };
}

const INERT_HOST: KernelHost = {
  postMessage: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  terminate: () => undefined,
};
