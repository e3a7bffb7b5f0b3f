import { proxy, wrap, type Remote } from 'comlink';
import type { InitInfo, InitOptions, KernelApi, KernelProgress } from '@/workers/kernel-protocol';
import type { KernelIsolation, KernelWorkerLike } from './kernel-types';

/** Why a worker is gone. `crashed` covers error events, undeliverable messages and a broken runtime. */
export type WorkerExitReason = 'timeout' | 'interrupted' | 'crashed' | 'disposed';

export interface WorkerExit {
  reason: WorkerExitReason;
  /** For crashes: what the browser or the worker said. */
  detail: string;
}

/** A call to a worker that was terminated or crashed before the call settled. */
export class WorkerExitError extends Error {
  constructor(readonly exit: WorkerExit) {
    super(exit.detail ? `The kernel worker stopped (${exit.reason}): ${exit.detail}` : `The kernel worker stopped (${exit.reason}).`);
    this.name = 'WorkerExitError';
  }
}

export interface SpawnWorkerOptions {
  createWorker: () => KernelWorkerLike;
  /** InitOptions minus the interrupt buffer, which the handle allocates per worker. */
  init: Omit<InitOptions, 'interruptBuffer'>;
  isolation: KernelIsolation;
}

let nextId = 1;

/**
 * One kernel worker: boots it, knows whether it can be interrupted, and turns its death into a single `exit`.
 * After terminate() or a crash a pending comlink call never settles (the worker cannot answer any more), so every
 * call goes through `call()`, which rejects at the exit and drops whatever the dead worker might still deliver.
 */
export class KernelWorkerHandle {
  readonly id = nextId++;
  /** 1-byte shared interrupt flag, or null when the page is not cross-origin isolated. */
  readonly interruptFlag: Uint8Array | null;
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
  private readonly worker: KernelWorkerLike;
  private readonly api: Remote<KernelApi>;

  constructor({ createWorker, init, isolation }: SpawnWorkerOptions) {
    const startedAt = performance.now();
    this.interruptFlag = allocateInterruptFlag(isolation);
    try {
      this.worker = createWorker();
    } catch (error) {
      // E.g. a SecurityError or a bad URL: the handle is born dead, so its boot fails like any other.
      this.worker = INERT_WORKER;
      this.exitState = { reason: 'crashed', detail: `the worker could not be created (${error instanceof Error ? error.message : String(error)})` };
    }
    this.worker.addEventListener('error', this.handleWorkerError);
    // A message that cannot be deserialised may be the answer to a pending call, which would then hang forever.
    this.worker.addEventListener('messageerror', this.handleMessageError);
    this.api = wrap<KernelApi>(this.worker);
    const options: InitOptions = this.interruptFlag ? { ...init, interruptBuffer: this.interruptFlag } : { ...init };
    const onProgress = proxy((progress: KernelProgress) => {
      if (this.exitState) return;
      this.lastProgress = progress;
      this.onBootProgress?.(progress);
    });
    this.ready = this.call((api) => api.init(options, onProgress)).then((info) => {
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

  /** Interrupts work only with a shared flag that the worker accepted; otherwise the only stop is terminate(). */
  get interruptible(): boolean {
    return this.interruptFlag !== null && this.info?.interruptible !== false;
  }

  /** Writes SIGINT (2) into the shared flag; Pyodide raises KeyboardInterrupt at the next bytecode check. */
  requestInterrupt(): void {
    if (this.interruptFlag) this.interruptFlag[0] = 2;
  }

  /** A flag left at 2 would kill the next piece of Python at once, so it is cleared before every call. */
  clearInterrupt(): void {
    if (this.interruptFlag) this.interruptFlag[0] = 0;
  }

  /** Calls the worker; rejects with WorkerExitError when the worker is gone before the call settles. */
  call<T>(invoke: (api: Remote<KernelApi>) => Promise<T>): Promise<T> {
    if (this.exitState) return Promise.reject(new WorkerExitError(this.exitState));
    return new Promise<T>((resolve, reject) => {
      const stopListening = this.onExit((exit) => reject(new WorkerExitError(exit)));
      invoke(this.api).then(
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

  /** Kills the worker (idempotent); the first reason wins. */
  terminate(reason: WorkerExitReason, detail = ''): void {
    if (this.exitState) return;
    this.exitState = { reason, detail };
    this.worker.removeEventListener('error', this.handleWorkerError);
    this.worker.removeEventListener('messageerror', this.handleMessageError);
    this.onBootProgress = null;
    this.worker.terminate();
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const listener of listeners) listener(this.exitState);
  }

  private readonly handleWorkerError = (event: Event): void => {
    // Keep the browser from also logging it as an uncaught error: the client reports it as a crash.
    event.preventDefault();
    const message = 'message' in event && typeof event.message === 'string' && event.message ? event.message : 'the worker raised an uncaught error';
    this.terminate('crashed', message);
  };

  private readonly handleMessageError = (): void => {
    this.terminate('crashed', 'a message from the worker could not be read');
  };
}

const INERT_WORKER: KernelWorkerLike = {
  postMessage: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  terminate: () => undefined,
};

function allocateInterruptFlag(isolation: KernelIsolation): Uint8Array | null {
  // Without cross-origin isolation the constructor is absent (or unusable for postMessage) in browsers.
  if (!isolation.crossOriginIsolated || !isolation.SharedArrayBuffer) return null;
  return new Uint8Array(new isolation.SharedArrayBuffer(1));
}

export function detectIsolation(): KernelIsolation {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    SharedArrayBuffer: typeof SharedArrayBuffer === 'undefined' ? undefined : SharedArrayBuffer,
  };
}
