import type { FrameToPage, PageToFrame } from '@/workers/kernel-frame-protocol';
import type { InitInfo, InitOptions, KernelProgress, MountFile, MountedFile, RunRequest, RunResult, StreamChunk } from '@/workers/kernel-protocol';
import { blankRunResult } from '../run-results';
import { mountDataBytes } from '@/workers/kernel-protocol';
import type { KernelHost } from '../kernel-types';

/**
 * Test double for one kernel frame: it answers the page in the frame protocol (kernel-frame-protocol.ts) over a real
 * MessageChannel, with a scripted kernel behind it. Nothing settles on its own except boots (when autoBoot is on);
 * tests decide when runs finish, and can post raw (forged) messages to the page. terminate() only records the call
 * and keeps the channel open, so a test can make a "dead" kernel answer late.
 */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
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

/** What the fake frame does with the page's calls: records them and lets the test settle them. */
export class FakeKernel {
  readonly initOptions: Array<Omit<InitOptions, 'interruptBuffer'>> = [];
  readonly runs: FakeRun[] = [];
  readonly mounts: { name: string; text: string }[][] = [];
  /** The DataFrame binding each mounted file arrived with, per mountFiles call. */
  readonly bindings: Array<Array<MountFile['binding']>> = [];
  /** Order of calls as the kernel saw them, e.g. ['init', 'mount', 'run']. */
  readonly calls: string[] = [];
  readonly boot = deferred<InitInfo>();
  /** The package lists of the background prefetches the page asked for. */
  readonly prefetches: string[][] = [];
  runThrows: Error | null = null;
  /**
   * The frame's interrupt flag (the real one is a SharedArrayBuffer the frame owns), written by the page's
   * interrupt/clear-interrupt messages; undefined when the frame is not cross-origin isolated.
   */
  readonly interruptBuffer: Uint8Array | undefined;

  constructor(isolated: boolean) {
    this.interruptBuffer = isolated ? new Uint8Array(1) : undefined;
  }

  get lastRun(): FakeRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('the fake kernel has received no run');
    return run;
  }

  /** Handles one page message; `reply` posts to the page. */
  receive(message: PageToFrame, reply: (message: FrameToPage) => void): void {
    if (message.type === 'interrupt' || message.type === 'clear-interrupt') {
      if (this.interruptBuffer) this.interruptBuffer[0] = message.type === 'interrupt' ? 2 : 0;
      return;
    }
    const { id } = message;
    const answer = (promise: Promise<unknown>) =>
      promise.then(
        (value) => reply({ type: 'return', id, value }),
        (error: unknown) => reply({ type: 'throw', id, message: error instanceof Error ? error.message : String(error) }),
      );
    if (message.method === 'init') {
      this.initOptions.push(message.options);
      this.calls.push('init');
      reply({ type: 'progress', id, progress: { phase: 'boot', message: 'Loading Pyodide', step: 1, steps: 4 } });
      void answer(this.boot.promise.then((info) => (this.interruptBuffer ? info : { ...info, interruptible: false })));
    } else if (message.method === 'mountFiles') {
      const { files } = message;
      this.calls.push('mount');
      this.mounts.push(
        files.map((file) => ({
          name: file.name,
          text: file.data instanceof Blob ? `[blob ${String(file.data.size)} bytes]` : new TextDecoder().decode(file.data),
        })),
      );
      this.bindings.push(files.map((file) => file.binding));
      const mounted: MountedFile[] = files.map((file) => ({ name: file.name, path: `/data/${file.name}`, bytes: mountDataBytes(file.data) }));
      void answer(Promise.resolve(mounted));
    } else if (message.method === 'prefetch') {
      this.calls.push('prefetch');
      this.prefetches.push(message.packages);
      void answer(Promise.resolve({ loaded: message.packages, error: null }));
    } else {
      this.calls.push('run');
      if (this.runThrows) {
        void answer(Promise.reject(this.runThrows));
        return;
      }
      const settle = deferred<RunResult>();
      this.runs.push({
        request: message.request,
        flagAtStart: this.interruptBuffer?.[0] ?? null,
        onStream: (chunk) => reply({ type: 'stream', id, chunk }),
        onProgress: (progress) => reply({ type: 'progress', id, progress }),
        settle,
      });
      void answer(settle.promise);
    }
  }
}

export class FakeWorker extends EventTarget implements KernelHost {
  terminateCalls = 0;
  private readonly port: MessagePort;
  private readonly framePort: MessagePort;

  constructor(readonly kernel: FakeKernel) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.framePort = port2;
    port1.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    port1.start();
    port2.addEventListener('message', (event: MessageEvent<PageToFrame>) => kernel.receive(event.data, (reply) => port2.postMessage(reply)));
    port2.start();
  }

  get terminated(): boolean {
    return this.terminateCalls > 0;
  }

  postMessage(message: PageToFrame, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminateCalls += 1;
  }

  /** Posts anything to the page, as escaped code in the frame could. */
  sendRaw(data: unknown): void {
    this.framePort.postMessage(data);
  }

  /** What the frame host reports when the kernel's worker dies (uncaught error, out of memory). */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

/** Hands out fake kernels and remembers them in creation order (index 0 = first primary). */
export class FakeWorkerFactory {
  readonly workers: FakeWorker[] = [];

  constructor(
    private readonly autoBoot = true,
    /** Whether the fake frames are cross-origin isolated (hold an interrupt flag). */
    private readonly isolated = true,
  ) {}

  readonly createHost = (): FakeWorker => {
    const kernel = new FakeKernel(this.isolated);
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
