import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The caller (next/headers) and the model (a script file): lib/ask/test-support/ask-mocks.ts.
const hoisted = vi.hoisted(async () => (await import('@/lib/ask/test-support/ask-mocks')).createAskMocks());
vi.mock('next/headers', async () => (await hoisted).nextHeaders.module);
vi.mock('@/lib/llm/server/providers', async (importOriginal) => (await hoisted).providersModule(importOriginal));

import { POST as answerPost } from '@/app/api/answer/route';
import type { AskEvent, RepairRequest } from '@/lib/ask/contracts';
import { datasetId, VALID_CODE } from '@/lib/llm/testing/fixtures';
import { newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { newRandomId } from '@/lib/core/random-id';
import { PEER_HEADER } from '@/lib/access/server/peer-address';
import {
  actAsOwner,
  ASK_SCRIPT_RULES,
  askBody,
  configureAskEnv,
  createAskDataDir,
  nextPeerAddress,
  ownerToken,
  people,
  readAskEvents as events,
  repairBody,
  sales,
  writeAskDatasets,
  writeScript,
} from '@/lib/ask/test-support/ask-world';
import { ask, cancelAsk, repair } from './actions';
import { REQUEST_TOO_LARGE_MESSAGE } from './ask-events';
import { getRunCancels, runEventAction } from './server/event-actions';
import { runAsk } from '@/lib/ask/server/ask-pipeline';
import { askRequestSchema } from '@/lib/ask/contracts';

const mocks = await hoisted;

/**
 * The ask, repair and cancelAsk actions called as Next calls them (plain data in, plain data out), with the real
 * wiring: environment, local storage holding the dataset records, the counters in DATA_DIR, and the scripted provider
 * reading a script file. The cases are those of the former /api/ask and /api/repair route tests, answered the action's way.
 */

let base: Record<string, string> = {};

beforeAll(async () => {
  base = { STORAGE: 'local', DATA_DIR: createAskDataDir({ mocks, prefix: 'ask-actions-' }), LLM_RATE_LIMIT_PER_MINUTE: '1000' };
  await configureAskEnv(base);
  await writeAskDatasets();
});

beforeEach(() => {
  actAsOwner({ mocks, peer: nextPeerAddress() });
  writeScript({ mocks, rules: ASK_SCRIPT_RULES });
});

afterAll(async () => {
  await configureAskEnv();
});

/** Reads events until `until` has been seen; the rest stay in the stream. */
async function readUntil(reader: ReadableStreamDefaultReader<AskEvent>, until: AskEvent['type']): Promise<AskEvent[]> {
  const seen: AskEvent[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before a ${until} event: ${seen.map((event) => event.type).join(', ')}`);
    seen.push(value);
    if (value.type === until) return seen;
  }
}

/** Whether the stream ends within `ms` (the rest of its events), or null when it is still open then. */
async function endsWithin(reader: ReadableStreamDefaultReader<AskEvent>, ms: number): Promise<AskEvent[] | null> {
  const rest: AskEvent[] = [];
  const drained = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return rest;
      rest.push(value);
    }
  })();
  return Promise.race([drained, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

describe('the ask action', () => {
  it('streams the route’s events, ending in a plan with one LLM call for a single-file question', async () => {
    const all = await events(await ask({ runId: newRandomId(), request: askBody() }));
    expect(all[0]).toEqual({ type: 'provider', provider: { kind: 'scripted', model: 'scripted', label: 'Scripted test model (AI_SCRIPT_FILE)' } });
    expect(all.map((event) => event.type).filter((type) => type !== 'code-delta')).toEqual(['provider', 'selection', 'context', 'plan']);
    expect(all.filter((event) => event.type === 'code-delta').length).toBeGreaterThan(1);
    expect(all.at(-1)).toMatchObject({ type: 'plan', code: VALID_CODE.code, metrics: { llmCalls: 1 } });
    const context = all.find((event) => event.type === 'context');
    expect(context?.type === 'context' && context.datasets[0]?.columns.map((column) => column.name)).toEqual(['Region', 'Revenue']);
  });

  it('selects among several datasets with a second call', async () => {
    const all = await events(await ask({ runId: newRandomId(), request: askBody({ datasetIds: [sales.id, people.id] }) }));
    expect(all.find((event) => event.type === 'selection')).toMatchObject({ skipped: false, datasets: [{ id: people.id }] });
    expect(all.at(-1)).toMatchObject({ type: 'plan', metrics: { llmCalls: 2 } });
  });

  it('refuses a malformed input with bad_request, saying what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ runId: newRandomId(), request: { question: '' } }, /^Invalid request: question: /],
      [{ runId: newRandomId(), request: { ...askBody(), datasetIds: ['../../etc'] } }, /^Invalid request: datasetIds\.0: not a dataset id/],
      [{ runId: 'not-a-run-id', request: askBody() }, /^Invalid request: runId: not a run id/],
      [{ request: askBody() }, /^Invalid request: runId: /],
      ['a string', /^Invalid request: body: /],
    ];
    for (const [input, message] of cases) {
      // @ts-expect-error -- a server action is a public endpoint: any input reaches it, whatever its type says.
      const result = await ask(input);
      expect(result).toMatchObject({ ok: false, code: 'bad_request', retryable: false, message: expect.stringMatching(message) });
    }
  });

  it('refuses an input over 1,000,000 bytes with the routes’ message, before checking it', async () => {
    const result = await ask({ runId: newRandomId(), request: askBody({ question: 'x'.repeat(1_000_001) }) });
    expect(result).toEqual({ ok: false, code: 'bad_request', message: REQUEST_TOO_LARGE_MESSAGE, retryable: false });
  });

  it('reports a deleted dataset as an error event', async () => {
    const all = await events(await ask({ runId: newRandomId(), request: askBody({ pinnedIds: [datasetId(55)] }) }));
    expect(all.at(-1)).toMatchObject({ type: 'error', error: { code: 'dataset_missing' } });
  });

  it('never shows another browser’s datasets to the LLM or the caller: no cookie or a foreign one is dataset_missing', async () => {
    const { state } = mocks.nextHeaders;
    for (const cookie of [null, newOwnerToken()]) {
      state.jar.clear();
      if (cookie) state.jar.set(OWNER_COOKIE, { value: cookie });
      const all = await events(await ask({ runId: newRandomId(), request: askBody({ pinnedIds: [sales.id] }) }));
      expect(all.map((event) => event.type)).not.toContain('context');
      expect(all.at(-1)).toMatchObject({ type: 'error', error: { code: 'dataset_missing' } });
      expect(JSON.stringify(all)).not.toContain('Revenue');
    }
  });

  it('rate-limits per client with rate_limited and the seconds to wait, counted with the answer route', async () => {
    await configureAskEnv({ ...base, LLM_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const ip = '198.51.100.77';
      const { state } = mocks.nextHeaders;
      state.headers = new Headers({ [PEER_HEADER]: ip });
      expect((await ask({ runId: newRandomId(), request: askBody() })).ok).toBe(true);
      const answer = new Request('http://app.test/api/answer', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PEER_HEADER]: ip },
        body: JSON.stringify({ question: 'q', code: 'x', outputs: 'o', figures: 0, status: 'ok' }),
      });
      expect((await answerPost(answer)).status).toBe(200);
      const refused = await repair({ runId: newRandomId(), request: { question: 'q', datasetIds: [sales.id], attempts: [], history: [] } });
      expect(refused).toMatchObject({
        ok: false,
        code: 'rate_limited',
        retryable: true,
        message: expect.stringMatching(/^Too many requests from this address\. Wait \d+ s and try again\.$/),
      });
      expect(!refused.ok && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // Another client is not affected.
      state.headers = new Headers({ [PEER_HEADER]: '198.51.100.78' });
      expect((await ask({ runId: newRandomId(), request: askBody() })).ok).toBe(true);
    } finally {
      await configureAskEnv(base);
    }
  });
});

describe('Cancel', () => {
  it('cancelAsk aborts the model call the ask waits on: the stream ends at once, without an error event', async () => {
    const runId = newRandomId();
    const result = await ask({ runId, request: askBody({ question: 'a slow question' }) });
    if (!result.ok) throw new Error(result.message);
    const reader = result.events.getReader();
    expect((await readUntil(reader, 'context')).map((event) => event.type)).toEqual(['provider', 'selection', 'context']);
    // The scripted model hangs until its call is aborted (LLM_TIMEOUT_MS is a minute): nothing ends it on its own.
    expect(await endsWithin(reader, 300)).toBeNull();
    const started = performance.now();
    expect(await cancelAsk({ runId })).toEqual({ ok: true });
    expect(await endsWithin(reader, 3000)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a cancel that overtakes its call stops the call as soon as it starts', async () => {
    const runId = newRandomId();
    expect(await cancelAsk({ runId })).toEqual({ ok: true });
    const started = performance.now();
    // The hanging model call is aborted as it starts (else reading would wait out LLM_TIMEOUT_MS): no code, no error.
    const all = await events(await ask({ runId, request: askBody({ question: 'a slow question' }) }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(all.map((event) => event.type)).toEqual(['provider', 'selection', 'context']);
  });

  it('another caller’s cancel with the same run id stops nothing', async () => {
    const runId = newRandomId();
    const result = await ask({ runId, request: askBody({ question: 'a slow question' }) });
    if (!result.ok) throw new Error(result.message);
    const reader = result.events.getReader();
    await readUntil(reader, 'context');
    const { state } = mocks.nextHeaders;
    state.jar.set(OWNER_COOKIE, { value: newOwnerToken() });
    expect(await cancelAsk({ runId })).toEqual({ ok: true });
    expect(await endsWithin(reader, 300)).toBeNull();
    state.jar.set(OWNER_COOKIE, { value: ownerToken });
    await cancelAsk({ runId });
    expect(await endsWithin(reader, 3000)).toEqual([]);
  });

  it('the page going away (React cancels the stream) aborts the model call too', async () => {
    const registry = getRunCancels();
    let released: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      released = resolve;
    });
    // The registry's release runs when the pipeline has finished, which a hanging model call prevents until aborted.
    const cancels = {
      ...registry,
      register: (args: Parameters<typeof registry.register>[0]) => {
        const release = registry.register(args);
        return () => {
          release();
          released();
        };
      },
    };
    const result = await runEventAction({
      input: { runId: newRandomId(), request: askBody({ question: 'a slow question' }) },
      schema: askRequestSchema,
      run: runAsk,
      cancels,
    });
    if (!result.ok) throw new Error(result.message);
    const reader = result.events.getReader();
    await readUntil(reader, 'context');
    await reader.cancel('the response closed');
    await expect(Promise.race([ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still running'), 3000))])).resolves.toBe('ended');
  });

  it('refuses a malformed run id', async () => {
    expect(await cancelAsk({ runId: '../x' })).toMatchObject({ ok: false, code: 'bad_request', message: 'Invalid request: runId: not a run id' });
  });
});

describe('the repair action', () => {
  it('streams the repaired plan with its change', async () => {
    const all = await events(await repair({ runId: newRandomId(), request: repairBody }));
    expect(all.map((event) => event.type).filter((type) => type !== 'code-delta')).toEqual(['provider', 'context', 'plan']);
    expect(all.at(-1)).toMatchObject({ type: 'plan', code: 'result = 1', change: 'Simplified.', metrics: { llmCalls: 1 } });
  });

  it('fixes a near-miss column without a call', async () => {
    const body: RepairRequest = {
      ...repairBody,
      attempts: [
        { code: 'result = df1["revenue"].sum()', status: 'python', stdoutTail: '', error: { type: 'KeyError', message: "'revenue'", line: 1, traceback: '' } },
      ],
    };
    const all = await events(await repair({ runId: newRandomId(), request: body }));
    expect(all.at(-1)).toMatchObject({ type: 'plan', code: 'result = df1["Revenue"].sum()', metrics: { llmCalls: 0 } });
  });
});
