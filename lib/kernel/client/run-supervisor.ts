import type { KernelProgress, RunRequest, RunResult, StreamChunk } from '@/workers/kernel-protocol';
import { KernelDisposedError, type KernelRunCallbacks } from '../kernel-types';
import { WorkerExitError, type KernelWorkerHandle } from './kernel-worker-handle';
import {
  clientResult,
  contractBrokenMessage,
  crashedMessage,
  interruptedTimeoutMessage,
  killedMessage,
  type KillCause,
  type PartialOutput,
} from '../run-results';

export type StopReason = 'timeout' | 'interrupted';

export interface SupervisedRunOptions {
  handle: KernelWorkerHandle;
  request: RunRequest;
  /** Undefined: no time limit. */
  timeoutMs: number | undefined;
  graceMs: number;
  /** Cap on the stdout/stderr kept for a result the client has to make itself. */
  maxStreamChars: number;
  callbacks: KernelRunCallbacks;
}

/**
 * One run on one worker, from the call to exactly one settlement. Stops go through the interrupt flag first and
 * through terminate() when the code ignores it (or cannot be interrupted); a killed or crashed worker is terminated
 * here and replaced by the client, which listens for the worker's exit.
 */
export class RunSupervisor {
  /** Resolves once; rejects only with KernelDisposedError. */
  readonly result: Promise<RunResult>;
  /** Call sent → worker's answer, when the worker answered. */
  roundTripMs: number | null = null;
  private settled = false;
  private stopReason: StopReason | null = null;
  private timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  private timeoutArmedAt = 0;
  private timeoutRemainingMs: number | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly loadingPackages = new Set<string>();
  private readonly output: PartialOutput = { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };
  private readonly startedAt = performance.now();
  private resolve!: (result: RunResult) => void;
  private reject!: (error: Error) => void;

  constructor(private readonly options: SupervisedRunOptions) {
    this.result = new Promise<RunResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const { handle, request, callbacks } = options;
    // Callbacks are gated on `settled`: a dead or relabelled run must not write into the next run's output.
    const onStream = (chunk: StreamChunk) => {
      if (this.settled) return;
      // Past the cap nothing more is shown: a flood of (individually valid) chunks cannot grow the page's memory.
      const kept = this.keepOutput(chunk);
      if (kept) callbacks.onStream?.({ stream: chunk.stream, text: kept });
    };
    const onProgress = (progress: KernelProgress) => {
      if (this.settled) return;
      this.trackPackages(progress);
      callbacks.onProgress?.(progress);
    };
    handle.clearInterrupt();
    handle
      .call((rpc) => rpc.run(request, onStream, onProgress))
      .then(
        (result) => this.finish(result),
        (error: unknown) => this.fail(error),
      );
    this.timeoutRemainingMs = options.timeoutMs;
    this.resumeTimeout();
  }

  /** Interrupts the code; terminates the worker after the grace, or at once when it cannot be interrupted. */
  stop(reason: StopReason): void {
    if (this.settled || this.stopReason) return;
    this.stopReason = reason;
    this.pauseTimeout();
    const { handle, graceMs } = this.options;
    if (!handle.interruptible) {
      this.kill('not-interruptible');
      return;
    }
    handle.requestInterrupt();
    this.graceTimer = setTimeout(() => this.kill('ignored-interrupt'), graceMs);
  }

  private kill(cause: KillCause): void {
    if (this.settled || !this.stopReason) return;
    const reason = this.stopReason;
    // Terminate first: the client promotes the standby synchronously, so the kernel is ready when the caller resumes.
    this.options.handle.terminate(reason);
    this.settle(
      clientResult({
        status: reason,
        error: { type: reason === 'timeout' ? 'Timeout' : 'Interrupted', message: killedMessage({ reason, timeoutMs: this.options.timeoutMs, cause }) },
        elapsedMs: this.elapsedMs(),
        output: this.output,
      }),
    );
  }

  private finish(result: RunResult): void {
    if (this.settled) return;
    this.roundTripMs = this.elapsedMs();
    const { handle } = this.options;
    if (result.status === 'crashed') {
      // The worker noticed its runtime is broken (e.g. a Pyodide fatal error): it cannot run anything else.
      const detail = result.error?.message ?? '';
      handle.terminate('crashed', detail);
      this.settle({ ...result, error: { type: 'KernelCrashed', line: null, traceback: '', ...result.error, message: crashedMessage(detail) } });
      return;
    }
    // An interrupt that landed after the code finished must not stay armed for the next call.
    handle.clearInterrupt();
    if (result.status === 'interrupted' && this.stopReason === 'timeout') {
      const error = { line: null, traceback: '', ...result.error, type: 'Timeout', message: interruptedTimeoutMessage(this.options.timeoutMs) };
      this.settle({ ...result, status: 'timeout', error });
      return;
    }
    this.settle(result);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    if (error instanceof WorkerExitError && error.exit.reason === 'disposed') {
      this.settled = true;
      this.clearTimers();
      this.reject(new KernelDisposedError());
      return;
    }
    // Either the worker died (error event) or its run() threw, which the worker never does while its runtime is sound.
    const detail = error instanceof WorkerExitError ? error.exit.detail : error instanceof Error ? error.message : String(error);
    const contract = error instanceof WorkerExitError && error.exit.contract === true;
    this.options.handle.terminate('crashed', detail);
    this.settle(
      clientResult({
        status: 'crashed',
        error: { type: 'KernelCrashed', message: contract ? contractBrokenMessage(detail) : crashedMessage(detail) },
        elapsedMs: this.elapsedMs(),
        output: this.output,
      }),
    );
  }

  private settle(result: RunResult): void {
    this.settled = true;
    this.clearTimers();
    this.resolve(result);
  }

  private clearTimers(): void {
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.graceTimer);
    this.timeoutTimer = undefined;
    this.graceTimer = undefined;
  }

  // The time limit is for the user's code, not for downloading the packages its imports need: it is paused while
  // the worker reports packages loading (package loading is JavaScript and could not be interrupted anyway).
  private trackPackages(progress: KernelProgress): void {
    if (progress.phase !== 'package') return;
    if (progress.state === 'loading') {
      this.loadingPackages.add(progress.packageName);
      this.pauseTimeout();
    } else {
      this.loadingPackages.delete(progress.packageName);
      if (this.loadingPackages.size === 0) this.resumeTimeout();
    }
  }

  private resumeTimeout(): void {
    if (this.timeoutRemainingMs === undefined || this.timeoutTimer || this.stopReason || this.settled) return;
    this.timeoutArmedAt = performance.now();
    this.timeoutTimer = setTimeout(() => {
      this.timeoutTimer = undefined;
      this.stop('timeout');
    }, this.timeoutRemainingMs);
  }

  private pauseTimeout(): void {
    if (!this.timeoutTimer || this.timeoutRemainingMs === undefined) return;
    clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
    this.timeoutRemainingMs = Math.max(0, this.timeoutRemainingMs - (performance.now() - this.timeoutArmedAt));
  }

  /** Keeps what fits under the cap and returns it ('' once the output is full). */
  private keepOutput(chunk: StreamChunk): string {
    const key = chunk.stream;
    const flag = key === 'stdout' ? 'stdoutTruncated' : 'stderrTruncated';
    const room = Math.max(0, this.options.maxStreamChars - this.output[key].length);
    if (chunk.text.length > room) this.output[flag] = true;
    const kept = chunk.text.slice(0, room);
    this.output[key] += kept;
    return kept;
  }

  private elapsedMs(): number {
    return performance.now() - this.startedAt;
  }
}
