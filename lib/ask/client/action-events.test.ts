import { describe, expect, it } from 'vitest';
import type { AskEvent } from '@/lib/ask/contracts';
import { RANDOM_ID_PATTERN } from '@/lib/core/random-id';
import { REQUEST_TOO_LARGE_MESSAGE, type AskActionInput } from '../ask-events';
import { streamActionEvents } from './action-events';

/** The page's reader of the ask/repair actions, with stand-in actions (what Flight hands the page: a result object). */

const PROVIDER: AskEvent = { type: 'provider', provider: { kind: 'scripted', model: 'scripted', label: 'Scripted' } };
const PLAN: AskEvent = {
  type: 'plan',
  plan: 'Sum.',
  code: 'result = 1',
  expects: { figures: 0, table: false },
  metrics: { llmCalls: 1, inputTokens: 10, outputTokens: 5, generationMs: 3 },
};

/** A stream the test feeds by hand, and whether the reader cancelled it. */
function feed(): { stream: ReadableStream<unknown>; push: (value: unknown) => void; close: () => void; cancelled: () => boolean } {
  let controller: ReadableStreamDefaultController<unknown> | undefined;
  let cancelled = false;
  const stream = new ReadableStream<unknown>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      cancelled = true;
    },
  });
  return { stream, push: (value) => controller?.enqueue(value), close: () => controller?.close(), cancelled: () => cancelled };
}

function actions(result: () => Promise<unknown>) {
  const calls: AskActionInput<unknown>[] = [];
  const cancels: string[] = [];
  return {
    calls,
    cancels,
    call: (input: AskActionInput<unknown>) => {
      calls.push(input);
      return result();
    },
    cancel: async ({ runId }: { runId: string }) => {
      cancels.push(runId);
      return { ok: true };
    },
  };
}

async function collect(events: AsyncIterable<AskEvent>): Promise<AskEvent[]> {
  const all: AskEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('streamActionEvents', () => {
  it('calls the action with a fresh run id and yields each checked event as it arrives', async () => {
    const source = feed();
    const stub = actions(async () => ({ ok: true, events: source.stream }));
    const iterator = streamActionEvents({ ...stub, request: { question: 'q' }, signal: new AbortController().signal })[Symbol.asyncIterator]();
    const first = iterator.next();
    source.push(PROVIDER);
    expect(await first).toEqual({ done: false, value: PROVIDER });
    source.push(PLAN);
    source.close();
    expect(await iterator.next()).toEqual({ done: false, value: PLAN });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(stub.calls).toHaveLength(1);
    expect(stub.calls[0]?.runId).toMatch(RANDOM_ID_PATTERN);
    expect(stub.calls[0]?.request).toEqual({ question: 'q' });
    expect(stub.cancels).toEqual([]);
  });

  it('turns a refusal into the one error event the route’s status became, with its message', async () => {
    const refusal = {
      ok: false,
      code: 'rate_limited',
      message: 'Too many requests from this address. Wait 12 s and try again.',
      retryable: true,
      retryAfterSeconds: 12,
    };
    const all = await collect(streamActionEvents({ ...actions(async () => refusal), request: {}, signal: new AbortController().signal }));
    expect(all).toEqual([{ type: 'error', error: { code: 'rate_limited', message: refusal.message, retryable: true } }]);
  });

  it('stops at an event it does not understand, says so, and stops the call on the server', async () => {
    const source = feed();
    const stub = actions(async () => ({ ok: true, events: source.stream }));
    source.push(PROVIDER);
    source.push({ type: 'plan', code: 42 });
    source.push(PLAN);
    const all = await collect(streamActionEvents({ ...stub, request: {}, signal: new AbortController().signal }));
    expect(all.map((event) => event.type)).toEqual(['provider', 'error']);
    expect(all[1]).toMatchObject({ error: { code: 'llm_malformed' } });
    expect(stub.cancels).toEqual([stub.calls[0]?.runId]);
    expect(source.cancelled()).toBe(true);
  });

  it('names what did not fit: the event and its field, or the answer of the call', async () => {
    const source = feed();
    source.push({ ...PLAN, code: 42 });
    const forged = await collect(
      streamActionEvents({ ...actions(async () => ({ ok: true, events: source.stream })), request: {}, signal: new AbortController().signal }),
    );
    expect(forged).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'llm_malformed', message: expect.stringMatching(/\(a plan event: code: .*expected string/) }) },
    ]);
    const badId = {
      type: 'context',
      datasets: [
        {
          id: '../../etc',
          variable: 'df1',
          displayName: 'x',
          fileName: 'x.csv',
          format: 'csv',
          rowEstimate: { value: 1, exact: true },
          columns: [],
          omittedColumns: 0,
          sampleRows: [],
        },
      ],
    };
    const source2 = feed();
    source2.push(badId);
    const briefs = await collect(
      streamActionEvents({ ...actions(async () => ({ ok: true, events: source2.stream })), request: {}, signal: new AbortController().signal }),
    );
    expect(briefs[0]).toMatchObject({ error: { message: expect.stringContaining('(a context event: datasets.0.id: not a dataset id)') } });
    const answer = await collect(streamActionEvents({ ...actions(async () => ({ ok: 'yes' })), request: {}, signal: new AbortController().signal }));
    expect(answer[0]).toMatchObject({ error: { code: 'llm_malformed', message: expect.stringContaining('(the answer of the call: ') } });
  });

  it('says so when the result itself is not one it knows', async () => {
    for (const result of [null, { ok: true }, { ok: true, events: 'not a stream' }, { ok: false, code: 'teapot', message: 'x', retryable: false }]) {
      const all = await collect(streamActionEvents({ ...actions(async () => result), request: {}, signal: new AbortController().signal }));
      expect(all).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'llm_malformed' }) })]);
    }
  });

  it('Cancel while events stream: reading stops at once and the server is told to stop the same run', async () => {
    const source = feed();
    const stub = actions(async () => ({ ok: true, events: source.stream }));
    const controller = new AbortController();
    const iterator = streamActionEvents({ ...stub, request: {}, signal: controller.signal })[Symbol.asyncIterator]();
    const first = iterator.next();
    source.push(PROVIDER);
    await first;
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.cancels).toEqual([stub.calls[0]?.runId]);
    expect(source.cancelled()).toBe(true);
  });

  it('Cancel before the action answered: stops waiting, tells the server, and drops the stream that comes late', async () => {
    const source = feed();
    let answer: (value: unknown) => void = () => undefined;
    const stub = actions(() => new Promise((resolve) => (answer = resolve)));
    const controller = new AbortController();
    const reading = collect(streamActionEvents({ ...stub, request: {}, signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.cancels).toEqual([stub.calls[0]?.runId]);
    answer({ ok: true, events: source.stream });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(source.cancelled()).toBe(true);
  });

  it('refuses a request over 1,000,000 bytes with the routes’ message, without calling the action', async () => {
    const stub = actions(async () => {
      throw new Error('must not be called');
    });
    const all = await collect(streamActionEvents({ ...stub, request: { question: 'x'.repeat(1_000_001) }, signal: new AbortController().signal }));
    expect(all).toEqual([{ type: 'error', error: { code: 'bad_request', message: REQUEST_TOO_LARGE_MESSAGE, retryable: false } }]);
    expect(stub.calls).toEqual([]);
  });
});
