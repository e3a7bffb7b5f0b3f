import type { RunError, RunResult, RunStatus } from '@/workers/kernel-protocol';

/**
 * RunResults the client makes itself, for runs the worker could not finish: it was killed, crashed, or never
 * started. The messages are what the user reads, so they say what happened and what it cost.
 */

export interface PartialOutput {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
}

const NO_OUTPUT: PartialOutput = { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };

/**
 * A run that produced nothing: no output, figures, value or packages. The one builder of such results for the
 * worker (code refused or packages not loaded before it ran), the client (below) and the tests' fixtures, so a new
 * RunResult field is added in one place. Browser-safe: it imports only types from the worker's protocol.
 */
export function blankRunResult({ status, error, timings }: Pick<RunResult, 'status' | 'error' | 'timings'>): RunResult {
  return { status, ...NO_OUTPUT, figures: [], figuresDropped: 0, result: null, error, timings, packagesLoaded: [] };
}

export function clientResult({
  status,
  error,
  elapsedMs,
  output = NO_OUTPUT,
}: {
  status: RunStatus;
  error: Omit<RunError, 'line' | 'traceback'>;
  elapsedMs: number;
  output?: PartialOutput;
}): RunResult {
  return {
    ...blankRunResult({
      status,
      error: { line: null, traceback: '', ...error },
      timings: { validateMs: 0, loadPackagesMs: 0, executeMs: elapsedMs, totalMs: elapsedMs },
    }),
    ...output,
  };
}

const LOST = 'The Python kernel was restarted: variables from earlier runs were lost (data files are mounted again).';

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Why a stop needed terminate() rather than the interrupt flag. */
export type KillCause = 'ignored-interrupt' | 'not-interruptible';

function killCauseText(cause: KillCause): string {
  return cause === 'not-interruptible'
    ? 'This page cannot interrupt Python (it is not cross-origin isolated), so the worker had to be stopped.'
    : 'The code did not respond to the interrupt (long C calls such as a large numpy/pandas operation or time.sleep ignore it), so the worker had to be stopped.';
}

export function killedMessage({ reason, timeoutMs, cause }: { reason: 'timeout' | 'interrupted'; timeoutMs: number | undefined; cause: KillCause }): string {
  const what = reason === 'timeout' && timeoutMs !== undefined ? `The code ran longer than the ${seconds(timeoutMs)} time limit.` : 'Stopped.';
  return `${what} ${killCauseText(cause)} ${LOST}`;
}

export function interruptedTimeoutMessage(timeoutMs: number | undefined): string {
  const limit = timeoutMs === undefined ? 'its time limit' : `the ${seconds(timeoutMs)} time limit`;
  return `The code ran longer than ${limit} and was interrupted. Variables are kept.`;
}

export function crashedMessage(detail: string): string {
  const why = detail ? ` (${detail})` : '';
  return `The Python kernel crashed${why}, perhaps by running out of memory. ${LOST} Try a smaller sample of the data.`;
}

/** The kernel answered with something outside its contract (kernel-schema.ts): nothing of it is shown. */
export function contractBrokenMessage(detail: string): string {
  return `The Python kernel was stopped because it sent a message that does not fit what a kernel may send (${detail}); nothing of that message was shown. ${LOST}`;
}

export const STOPPED_BEFORE_START = 'Stopped before the code started.';

export function bootFailedMessage(detail: string): string {
  return `The Python kernel could not start: ${detail}. Reload the page to try again, or check the Pyodide asset and package URLs.`;
}
