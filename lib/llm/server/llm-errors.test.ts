import { APICallError, NoObjectGeneratedError } from 'ai';
import { describe, expect, it } from 'vitest';
import { abortableSleep, backoffDelayMs, callWithRetries, CancelledError, LlmError, toAskError, withDeadline } from './llm-errors';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 8000, random: () => 1 };
const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({ message: `HTTP ${statusCode}`, url: 'u', requestBodyValues: {}, statusCode, responseHeaders: headers, isRetryable: true });

describe('backoff', () => {
  it('doubles per retry up to the cap, with jitter in the upper half', () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs({ retry, error: apiError(429), policy }))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelayMs({ retry: 0, error: apiError(429), policy: { ...policy, random: () => 0 } })).toBe(500);
  });

  it('honours Retry-After', () => {
    expect(backoffDelayMs({ retry: 0, error: apiError(429, { 'retry-after': '3' }), policy })).toBe(3000);
  });

  it('gives up at once when Retry-After is longer than the cap', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      throw apiError(429, { 'retry-after': '120' });
    };
    const error = await callWithRetries({
      attempt,
      policy: { ...policy, sleep: async (ms) => void sleeps.push(ms) },
      timeoutMs: 1000,
      signal: new AbortController().signal,
      providerLabel: 'Gemini',
    }).catch((thrown: unknown) => thrown);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
    expect((error as LlmError).askError.code).toBe('llm_quota');
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      callWithRetries({
        attempt: async () => {
          calls += 1;
          throw apiError(400);
        },
        policy,
        timeoutMs: 1000,
        signal: new AbortController().signal,
        providerLabel: 'Gemini',
      }),
    ).rejects.toBeInstanceOf(LlmError);
    expect(calls).toBe(1);
  });
});

describe('deadlines and cancel', () => {
  it('settles at the deadline even when the call ignores its abort signal', async () => {
    const started = performance.now();
    const error = await withDeadline({ run: () => new Promise(() => {}), timeoutMs: 50, signal: new AbortController().signal }).catch(
      (thrown: unknown) => thrown,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(toAskError({ error, providerLabel: 'Gemini' })).toMatchObject({ code: 'llm_timeout', retryable: true });
  });

  it('reports a Cancel as CancelledError, not as a timeout', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(withDeadline({ run: () => new Promise(() => {}), timeoutMs: 5000, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('sleeps, and stops sleeping on Cancel', async () => {
    const started = performance.now();
    await abortableSleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    await expect(abortableSleep(10_000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('toAskError', () => {
  it.each([
    [apiError(401), 'llm_network', false, /credentials/],
    [apiError(404), 'llm_network', false, /model/],
    [apiError(503), 'llm_network', true, /overloaded/],
    [new TypeError('fetch failed'), 'llm_network', true, /Could not reach/],
    [
      new NoObjectGeneratedError({
        text: '',
        response: { id: 'r', timestamp: new Date(0), modelId: 'm' },
        usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1, inputTokenDetails: {}, outputTokenDetails: {} } as never,
        finishReason: 'content-filter',
      }),
      'llm_refusal',
      false,
      /declined/,
    ],
  ])('%s → %s', (error, code, retryable, message) => {
    const askError = toAskError({ error, providerLabel: 'Gemini (gemini-3.8-flash)' });
    expect(askError).toMatchObject({ code, retryable });
    expect(askError.message).toMatch(message);
  });
});
