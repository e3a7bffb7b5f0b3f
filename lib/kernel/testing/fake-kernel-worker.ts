import { expose } from 'comlink';
import type {
  InitInfo,
  InitOptions,
  KernelApi,
  KernelProgress,
  MountFile,
  MountedFile,
  RunRequest,
  RunResult,
  StreamChunk,
} from '@/workers/kernel-protocol';
import { blankRunResult } from '../run-results';
import type { KernelWorkerLike } from '../kernel-types';

/**
 * Test double for the kernel worker: a real comlink endpoint over a MessageChannel, with a scripted KernelApi on the
 * "worker" end. Nothing settles on its own except boots (when autoBoot is on); tests decide when runs finish.
 * terminate() only records the call and keeps the channel open, so a test can make a "dead" worker answer late.
 */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface FakeRun {
  request: RunRequest;
  /** The interrupt flag's value when the worker received the run (null when there is no flag). */
  flagAtStart: number | null;
  onStream: (chunk: StreamChunk) => void;
  onProgress: (progress: KernelProgress) => void;
  settle: Deferred<RunResult>;
}

export const FAKE_INFO: InitInfo = { pyodideVersion: '314.0.7', pythonVersion: '3.14.0', bootMs: 5, interruptible: true };

export class FakeKernel {
  readonly initOptions: InitOptions[] = [];
  readonly runs: FakeRun[] = [];
  readonly mounts: { name: string; text: string }[][] = [];
  /** The DataFrame binding each mounted file arrived with, per mountFiles call. */
  readonly bindings: Array<Array<MountFile['binding']>> = [];
  /** Order of calls as the worker saw them, e.g. ['init', 'mount', 'run']. */
  readonly calls: string[] = [];
  resets = 0;
  readonly boot = deferred<InitInfo>();
  runThrows: Error | null = null;

  get interruptBuffer(): Uint8Array | undefined {
    return this.initOptions[0]?.interruptBuffer;
  }

  get lastRun(): FakeRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('the fake worker has received no run');
    return run;
  }

  readonly api: KernelApi = {
    init: (options, onProgress) => {
      this.initOptions.push(options);
      this.calls.push('init');
      onProgress({ phase: 'boot', message: 'Loading Pyodide', step: 1, steps: 4 });
      return this.boot.promise;
    },
    mountFiles: async (files: MountFile[]): Promise<MountedFile[]> => {
      this.calls.push('mount');
      this.mounts.push(files.map((file) => ({ name: file.name, text: new TextDecoder().decode(file.data) })));
      this.bindings.push(files.map((file) => file.binding));
      return files.map((file) => ({ name: file.name, path: `/data/${file.name}`, bytes: file.data.byteLength }));
    },
    run: (request, onStream, onProgress) => {
      this.calls.push('run');
      if (this.runThrows) return Promise.reject(this.runThrows);
      const settle = deferred<RunResult>();
      this.runs.push({ request, flagAtStart: this.interruptBuffer?.[0] ?? null, onStream, onProgress, settle });
      return settle.promise;
    },
    reset: async () => {
      this.calls.push('reset');
      this.resets += 1;
    },
  };
}

export class FakeWorker extends EventTarget implements KernelWorkerLike {
  terminateCalls = 0;
  private readonly port: MessagePort;

  constructor(readonly kernel: FakeKernel) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    port1.start();
    expose(kernel.api, port2);
  }

  get terminated(): boolean {
    return this.terminateCalls > 0;
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminateCalls += 1;
  }

  /** What a browser does when the worker throws an uncaught error or runs out of memory. */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

/** Hands out fake workers and remembers them in creation order (index 0 = first primary). */
export class FakeWorkerFactory {
  readonly workers: FakeWorker[] = [];

  constructor(private readonly autoBoot = true) {}

  readonly createWorker = (): FakeWorker => {
    const kernel = new FakeKernel();
    if (this.autoBoot) kernel.boot.resolve(FAKE_INFO);
    const worker = new FakeWorker(kernel);
    this.workers.push(worker);
    return worker;
  };

  worker(index: number): FakeWorker {
    const worker = this.workers[index];
    if (!worker) throw new Error(`no fake worker #${index} (created: ${this.workers.length})`);
    return worker;
  }
}

export function fakeResult(status: RunResult['status'], overrides: Partial<RunResult> = {}): RunResult {
  return {
    ...blankRunResult({
      status,
      error: status === 'ok' ? null : { type: status === 'interrupted' ? 'KeyboardInterrupt' : 'Error', message: status, line: 3, traceback: 'Traceback…' },
      timings: { validateMs: 1, loadPackagesMs: 0, executeMs: 2, totalMs: 3 },
    }),
    ...overrides,
  };
}

/** Lets MessageChannel traffic through (real macrotasks; fake timers leave setImmediate alone) until `ready()` holds. */
export async function until(ready: () => boolean, what = 'condition'): Promise<void> {
  for (let turn = 0; turn < 500; turn++) {
    if (ready()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A few macrotask turns, for asserting that something did NOT happen. */
export async function settleMessages(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
