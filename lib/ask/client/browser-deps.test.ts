import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserTurnDeps } from './browser-deps';

// The refusal an Ask route answers with (`{ error: AskError }`) is data from the network: parsed, never cast.
function deps() {
  return createBrowserTurnDeps({
    kernel: { run: () => Promise.reject(new Error('not used')), stop: () => undefined },
    prepareData: () => Promise.resolve([]),
    maxRepairAttempts: 1,
  });
}

function answerWith(response: Response) {
  vi.stubGlobal('fetch', () => Promise.resolve(response));
  return deps().streamAnswer({
    question: 'q',
    code: 'c',
    outputs: '',
    figures: 0,
    status: 'ok',
    signal: new AbortController().signal,
    onDelta: () => undefined,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the answer route’s refusal, as the page reads it', () => {
  it('shows the message of a refusal in the routes’ shape', async () => {
    const refusal = { error: { code: 'token_budget', message: 'Your daily LLM budget is spent; it resets at midnight UTC.', retryable: false } };
    await expect(answerWith(Response.json(refusal, { status: 429, statusText: 'Too Many Requests' }))).rejects.toThrow('Your daily LLM budget is spent');
  });

  it('does not take a body of another shape for a refusal: it says what the server answered', async () => {
    const forged = { error: { code: 'llm_quota', message: 42 } };
    await expect(answerWith(Response.json(forged, { status: 503, statusText: 'Service Unavailable' }))).rejects.toThrow(
      'The server answered 503 Service Unavailable.',
    );
    await expect(answerWith(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))).rejects.toThrow(
      'The server answered 502 Bad Gateway.',
    );
  });
});
