import 'server-only';
import { APICallError, NoContentGeneratedError, NoObjectGeneratedError, NoOutputGeneratedError, TypeValidationError } from 'ai';
import type { AskError } from '../model-contract';

/**
 * Everything that can go wrong with one LLM call, turned into an AskError with a message for people. Three rules:
 * no call may hang (a deadline races every call, because a provider that ignores the abort signal would otherwise
 * keep the request open forever), a 429 is retried a few times with backoff before giving up, and the analyst's
 * Cancel is not an error (it ends the stream quietly).
 */

/** An LLM failure that has been classified; `askError` goes to the page as is. */
export class LlmError extends Error {
  readonly askError: AskError;

  constructor(askError: AskError, options?: { cause?: unknown }) {
    super(askError.message, options);
    this.name = 'LlmError';
    this.askError = askError;
  }
}

/** The analyst pressed Cancel (the request's signal aborted): stop quietly, emit nothing more. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/** The reason a call's own deadline aborts it with, so a timeout is never mistaken for the analyst's Cancel. */
class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** Thrown by a model call whose response ended in a content filter or an explicit refusal. */
export class RefusalError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'RefusalError';
  }
}

/** Thrown by a model call whose response parsed but is unusable (empty code, unknown dataset ids…). */
export class MalformedOutputError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'MalformedOutputError';
  }
}

/** HTTP statuses worth waiting for: rate limited / quota (429) and overloaded (503). */
function retryableStatus(error: unknown): number | null {
  if (APICallError.isInstance(error) && (error.statusCode === 429 || error.statusCode === 503)) return error.statusCode;
  return null;
}

/** Seconds from a Retry-After header (delta-seconds form only; dates are rare from LLM APIs). */
function retryAfterMs(error: unknown): number | null {
  if (!APICallError.isInstance(error)) return null;
  const header = error.responseHeaders?.['retry-after'] ?? error.responseHeaders?.['Retry-After'];
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

const NETWORK_CODES = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|UND_ERR|fetch failed|network|socket hang up/i;

/** Maps any error thrown by a model call (after retries) to the AskError the page shows. */
export function toAskError({ error, providerLabel }: { error: unknown; providerLabel: string }): AskError {
  if (error instanceof LlmError) return error.askError;
  if (error instanceof DeadlineExceeded) {
    return {
      code: 'llm_timeout',
      message: `${providerLabel} did not finish within ${Math.round(error.timeoutMs / 1000)} s, so the request was stopped. Try again, or ask a narrower question.`,
      retryable: true,
    };
  }
  if (error instanceof RefusalError) {
    return {
      code: 'llm_refusal',
      message: `${providerLabel} declined to answer (${error.message}). Rephrase the question; if the data itself trips the filter, pin a different dataset.`,
      retryable: false,
    };
  }
  if (error instanceof MalformedOutputError) {
    return { code: 'llm_malformed', message: `${providerLabel} returned an unusable answer: ${error.message} Try again.`, retryable: true };
  }
  if (NoObjectGeneratedError.isInstance(error) || TypeValidationError.isInstance(error) || NoContentGeneratedError.isInstance(error)) {
    if (NoObjectGeneratedError.isInstance(error) && error.finishReason === 'content-filter') {
      return toAskError({ error: new RefusalError('content filter'), providerLabel });
    }
    const empty = NoObjectGeneratedError.isInstance(error) && !error.text?.trim();
    return {
      code: 'llm_malformed',
      message: empty
        ? `${providerLabel} returned an empty response. Try again.`
        : `${providerLabel} returned a response that does not match the expected format (${firstLine(error)}). Try again.`,
      retryable: true,
    };
  }
  if (NoOutputGeneratedError.isInstance(error)) {
    return { code: 'llm_malformed', message: `${providerLabel} returned no output. Try again.`, retryable: true };
  }
  const status = APICallError.isInstance(error) ? error.statusCode : undefined;
  if (status === 429) {
    return {
      code: 'llm_quota',
      message: `${providerLabel} is rate-limiting this app or its quota is used up (HTTP 429), even after waiting and retrying. Retry in a minute or two.`,
      retryable: true,
    };
  }
  if (status === 401 || status === 403) {
    return {
      code: 'llm_network',
      message: `${providerLabel} refused the credentials (HTTP ${status}). Check the API key in the server configuration.`,
      retryable: false,
    };
  }
  if (status === 404) {
    return {
      code: 'llm_network',
      message: `${providerLabel} does not know the configured model (HTTP 404). Check AI_MODEL / OPENAI_COMPATIBLE_MODEL.`,
      retryable: false,
    };
  }
  if (status !== undefined) {
    return {
      code: 'llm_network',
      message: `${providerLabel} failed (HTTP ${status}${status === 503 ? ', overloaded' : ''}). Try again in a moment.`,
      retryable: status >= 500 || status === 408,
    };
  }
  return {
    code: 'llm_network',
    message: NETWORK_CODES.test(`${firstLine(error)} ${causeText(error)}`)
      ? `Could not reach ${providerLabel} (${firstLine(error)}). Check the network or the endpoint URL, then try again.`
      : `${providerLabel} failed unexpectedly (${firstLine(error)}). Try again.`,
    retryable: true,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

function causeText(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as unknown) : undefined;
  if (cause instanceof Error) return `${cause.message} ${(cause as { code?: string }).code ?? ''}`;
  return '';
}

export interface RetryPolicy {
  /** Retries after the first refused attempt. */
  maxRetries: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  /** Cap on one wait; a Retry-After longer than this ends the retries at once (the quota will not come back soon). */
  maxDelayMs: number;
  /** Injected for tests: resolves after `ms` or rejects when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injected for tests: a number in [0, 1). */
  random?: () => number;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry `retry` (0-based): exponential with "equal jitter" (half fixed, half random), or Retry-After. */
export function backoffDelayMs({ retry, error, policy }: { retry: number; error: unknown; policy: RetryPolicy }): number {
  const fromHeader = retryAfterMs(error);
  if (fromHeader !== null) return fromHeader;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (policy.random ?? Math.random)() * (ceiling / 2));
}

/**
 * Runs `attempt` under a deadline and retries it on 429/503 with backoff. `onAttempt` is told about every call that
 * reached the provider (they all count as LLM calls). Throws LlmError (classified), or CancelledError when
 * `signal` (the analyst's Cancel) aborts.
 */
export async function callWithRetries<T>({
  attempt,
  policy,
  timeoutMs,
  signal,
  providerLabel,
  onAttempt,
}: {
  attempt: (signal: AbortSignal) => Promise<T>;
  policy: RetryPolicy;
  timeoutMs: number;
  signal: AbortSignal;
  providerLabel: string;
  onAttempt?: () => void;
}): Promise<T> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let retry = 0; ; retry++) {
    if (signal.aborted) throw new CancelledError();
    onAttempt?.();
    try {
      return await withDeadline({ run: attempt, timeoutMs, signal });
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted) throw new CancelledError();
      const status = retryableStatus(error);
      if (status !== null && retry < policy.maxRetries) {
        const delay = backoffDelayMs({ retry, error, policy });
        if (delay <= policy.maxDelayMs) {
          await sleep(delay, signal);
          continue;
        }
      }
      throw new LlmError(toAskError({ error, providerLabel }), { cause: error });
    }
  }
}

/**
 * Runs `run` with a signal that aborts at the deadline or when `signal` aborts, and settles no later than that even
 * if `run` ignores its signal.
 */
export async function withDeadline<T>({
  run,
  timeoutMs,
  signal,
  limitMs = timeoutMs,
}: {
  run: (signal: AbortSignal) => Promise<T>;
  timeoutMs: number;
  signal: AbortSignal;
  /** The configured limit named in the error (when `timeoutMs` is what is left of it). */
  limitMs?: number;
}): Promise<T> {
  const controller = new AbortController();
  let rejectEarly: (error: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectEarly = reject;
  });
  stopped.catch(() => {});
  const onCancel = () => {
    controller.abort(new CancelledError());
    rejectEarly(new CancelledError());
  };
  const timer = setTimeout(() => {
    const error = new DeadlineExceeded(limitMs);
    controller.abort(error);
    rejectEarly(error);
  }, timeoutMs);
  if (signal.aborted) onCancel();
  else signal.addEventListener('abort', onCancel, { once: true });
  try {
    const running = run(controller.signal);
    // The losing side of the race must not surface as an unhandled rejection.
    running.catch(() => {});
    return await Promise.race([running, stopped]);
  } catch (error) {
    // The SDK reports our own abort as a DOMException/AbortError: translate it back into what caused it.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCancel);
  }
}
