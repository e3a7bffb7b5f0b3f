import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { runAsk, type AskDeps } from './ask-pipeline';
import type { AskRequest } from '../contracts';
import type { OfflinePlanner } from './generate-code';
import type { AskProvider } from '@/lib/llm/server/providers';
import { collector, datasetId, makeMeta, testSettings, unusedPlanner, VALID_CODE, type RecordedSettings } from '@/lib/llm/testing/fixtures';
import { scriptedProvider } from '@/lib/llm/testing/scripted-provider';

const sales = makeMeta({ id: datasetId(1), displayName: 'sales.csv' });
const people = makeMeta({
  id: datasetId(2),
  displayName: 'people.csv',
  columns: [
    { name: 'Name', type: 'string' },
    { name: 'Age', type: 'integer' },
  ],
});
const weather = makeMeta({ id: datasetId(3), displayName: 'weather.csv', columns: [{ name: 'Temperature', type: 'number' }] });

function deps({
  provider,
  settings = testSettings(),
  datasets = [sales, people, weather],
  planOffline = unusedPlanner,
}: {
  provider: AskProvider;
  settings?: RecordedSettings;
  datasets?: DatasetMeta[];
  planOffline?: OfflinePlanner;
}): AskDeps {
  return {
    provider,
    settings,
    loadDatasets: async (ids) => datasets.filter((meta) => ids.includes(meta.id)).reverse(),
    planOffline,
    chooseOffline: ({ question, datasets: briefs }) =>
      Math.max(
        0,
        briefs.findIndex((brief) => brief.columns.some((column) => question.includes(column.name))),
      ),
  };
}

function ask(overrides: Partial<AskRequest> = {}): AskRequest {
  return { question: 'What is the total revenue by region?', datasetIds: [sales.id], pinnedIds: [], history: [], ...overrides };
}

async function run({ request = ask(), askDeps, signal = new AbortController().signal }: { request?: AskRequest; askDeps: AskDeps; signal?: AbortSignal }) {
  const events = collector();
  await runAsk({ request, deps: askDeps, signal, emit: events.emit });
  return events;
}

describe('runAsk with an LLM', () => {
  it('answers a single-file question with exactly one LLM call, streaming the code as it arrives', async () => {
    const { provider, calls } = scriptedProvider({ generate: [{ respond: VALID_CODE, chunkChars: 15 }] });
    const { events, ofType } = await run({ askDeps: deps({ provider }) });

    expect(events.map((event) => event.type).filter((type, index, all) => type !== all[index - 1])).toEqual([
      'provider',
      'selection',
      'context',
      'code-delta',
      'plan',
    ]);
    expect(ofType('selection')[0]).toMatchObject({ skipped: true, datasets: [{ id: sales.id }] });
    expect(ofType('context')[0]?.datasets.map((brief) => brief.variable)).toEqual(['df1']);
    const deltas = ofType('code-delta').map((event) => event.code);
    expect(deltas.length).toBeGreaterThan(2);
    deltas.forEach((code, index) => index > 0 && expect(code.startsWith(deltas[index - 1] ?? '')).toBe(true));
    expect(deltas.at(-1)).toBe(VALID_CODE.code);
    const plan = ofType('plan')[0];
    expect(plan).toMatchObject({ plan: VALID_CODE.plan, code: VALID_CODE.code, expects: VALID_CODE.expects });
    expect(plan?.metrics.llmCalls).toBe(1);
    expect(plan?.metrics.inputTokens).toBeGreaterThan(0);
    expect(plan?.metrics.outputTokens).toBeGreaterThan(0);
    expect(calls.map((call) => call.call.task)).toEqual(['generate']);
  });

  it('skips selection (zero select calls) when datasets are pinned, whatever the catalog holds', async () => {
    const { provider, calls } = scriptedProvider({ generate: [{ respond: VALID_CODE }] });
    const { ofType } = await run({
      request: ask({ datasetIds: [sales.id, people.id, weather.id], pinnedIds: [weather.id, sales.id] }),
      askDeps: deps({ provider }),
    });
    expect(ofType('selection')[0]).toMatchObject({ skipped: true, datasets: [{ id: weather.id }, { id: sales.id }] });
    // Pinned order is df order.
    expect(ofType('context')[0]?.datasets.map((brief) => [brief.variable, brief.id])).toEqual([
      ['df1', weather.id],
      ['df2', sales.id],
    ]);
    expect(calls.map((call) => call.call.task)).toEqual(['generate']);
    expect(ofType('plan')[0]?.metrics.llmCalls).toBe(1);
  });

  it('asks the model to choose among several candidates, then uses its choice as df1..dfN', async () => {
    const { provider, callsOf } = scriptedProvider({
      select: [
        {
          respond: {
            datasets: [
              { id: people.id, reason: 'It has ages.' },
              { id: 'not-a-real-id', reason: 'made up' },
            ],
          },
        },
      ],
      generate: [{ respond: VALID_CODE }],
    });
    const { ofType } = await run({ request: ask({ datasetIds: [sales.id, people.id, weather.id] }), askDeps: deps({ provider }) });
    expect(ofType('selection')[0]).toMatchObject({ skipped: false, datasets: [{ id: people.id, reason: 'It has ages.' }] });
    expect(ofType('context')[0]?.datasets.map((brief) => brief.id)).toEqual([people.id]);
    expect(ofType('plan')[0]?.metrics.llmCalls).toBe(2);
    // The catalog summary is in a data block of the user message, not in the system prompt.
    const select = callsOf('select')[0];
    expect(select?.user).toContain('<catalog>');
    expect(select?.system).not.toContain('people.csv');
  });

  it('reports a selection of unknown ids as malformed', async () => {
    const { provider } = scriptedProvider({ select: [{ respond: { datasets: [{ id: 'made-up-id', reason: 'x' }] } }] });
    const { ofType } = await run({ request: ask({ datasetIds: [sales.id, people.id] }), askDeps: deps({ provider }) });
    expect(ofType('error')[0]?.error).toMatchObject({ code: 'llm_malformed', retryable: true });
    expect(ofType('plan')).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', { respond: '{"plan": "x", "code": "print(1)", "expects": ' }, 'llm_malformed', /format/],
    ['JSON of the wrong shape', { respond: { plan: 'x', script: 'print(1)' } }, 'llm_malformed', /format/],
    ['an empty response', { respond: '' }, 'llm_malformed', /empty/],
    ['empty code', { respond: { ...VALID_CODE, code: '   ' } }, 'llm_malformed', /empty/],
    ['a refusal (content filter)', { fail: 'refusal' as const }, 'llm_refusal', /declined/],
    ['a network failure', { fail: 'network' as const }, 'llm_network', /reach/],
  ])('turns %s into a clear error event', async (_name, response, code, message) => {
    const { provider } = scriptedProvider({ generate: [response] });
    const { ofType } = await run({ askDeps: deps({ provider }) });
    const error = ofType('error')[0]?.error;
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    expect(ofType('plan')).toHaveLength(0);
  });

  it('waits and retries after a 429, counting both calls', async () => {
    const settings = testSettings({ maxRetries: 2 });
    const { provider, calls } = scriptedProvider({ generate: [{ fail: 'quota' }, { respond: VALID_CODE }] });
    const { ofType } = await run({ askDeps: deps({ provider, settings }) });
    expect(ofType('plan')[0]?.metrics.llmCalls).toBe(2);
    expect(calls).toHaveLength(2);
    // Exponential backoff with equal jitter: base 100 ms, random 0.5 → 50 + 25.
    expect(settings.sleeps).toEqual([75]);
  });

  it('gives up on a 429 that persists with llm_quota, after exactly maxRetries retries', async () => {
    const settings = testSettings({ maxRetries: 2 });
    const { provider, calls } = scriptedProvider({ generate: [{ fail: 'quota' }, { fail: 'quota' }, { fail: 'quota' }] });
    const { ofType } = await run({ askDeps: deps({ provider, settings }) });
    expect(calls).toHaveLength(3);
    expect(settings.sleeps).toEqual([75, 150]);
    expect(ofType('error')[0]?.error).toMatchObject({ code: 'llm_quota', retryable: true });
    expect(ofType('error')[0]?.error.message).toMatch(/retry/i);
  });

  it('stops a call that does not answer in time with llm_timeout (no hang)', async () => {
    const { provider } = scriptedProvider({ generate: [{ fail: 'hang' }] });
    const started = performance.now();
    const { ofType } = await run({ askDeps: deps({ provider, settings: testSettings({ timeoutMs: 300 }) }) });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(ofType('error')[0]?.error).toMatchObject({ code: 'llm_timeout', retryable: true });
  });

  it('times out a stream that stalls half way', async () => {
    const { provider } = scriptedProvider({ generate: [{ respond: VALID_CODE, chunkChars: 20, chunkDelayMs: 60 }] });
    const { ofType } = await run({ askDeps: deps({ provider, settings: testSettings({ timeoutMs: 300 }) }) });
    expect(ofType('code-delta').length).toBeGreaterThan(0);
    expect(ofType('error')[0]?.error.code).toBe('llm_timeout');
  });

  it('ends quietly (no error event) when the analyst cancels', async () => {
    const { provider } = scriptedProvider({ generate: [{ fail: 'hang' }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const { events } = await run({ askDeps: deps({ provider }), signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events.map((event) => event.type)).toEqual(['provider', 'selection', 'context']);
  });

  it('refuses a question whose pinned dataset no longer exists', async () => {
    const { provider, calls } = scriptedProvider({});
    const { ofType } = await run({ request: ask({ pinnedIds: [datasetId(99)] }), askDeps: deps({ provider }) });
    expect(ofType('error')[0]?.error).toMatchObject({ code: 'dataset_missing', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('refuses a question with no dataset at all', async () => {
    const { provider } = scriptedProvider({});
    const { ofType } = await run({ request: ask({ datasetIds: [] }), askDeps: deps({ provider }) });
    expect(ofType('error')[0]?.error.code).toBe('dataset_missing');
  });
});

describe('runAsk offline', () => {
  const offline: AskProvider = { kind: 'offline', info: { kind: 'offline', model: 'offline-planner', label: 'Offline planner — no API key set' } };

  it('plans with the offline planner: zero LLM calls, the code sent as one delta', async () => {
    const planOffline: OfflinePlanner = ({ datasets }) => ({
      ok: true,
      intent: 'group-by',
      generated: { ...VALID_CODE, plan: `Group ${datasets[0]?.variable}` },
    });
    const { ofType } = await run({ askDeps: deps({ provider: offline, planOffline }) });
    expect(ofType('provider')[0]?.provider.kind).toBe('offline');
    expect(ofType('code-delta').map((event) => event.code)).toEqual([VALID_CODE.code]);
    expect(ofType('plan')[0]).toMatchObject({ plan: 'Group df1', metrics: { llmCalls: 0, inputTokens: 0, outputTokens: 0 } });
  });

  it("chooses one dataset by the question's column names when there are several", async () => {
    const planOffline: OfflinePlanner = () => ({ ok: true, intent: 'overview', generated: VALID_CODE });
    const { ofType } = await run({
      request: ask({ question: 'Average Temperature?', datasetIds: [sales.id, people.id, weather.id] }),
      askDeps: deps({ provider: offline, planOffline }),
    });
    expect(ofType('selection')[0]).toMatchObject({ skipped: false, datasets: [{ id: weather.id }] });
    expect(ofType('context')[0]?.datasets.map((brief) => brief.variable)).toEqual(['df1']);
  });

  it('relays what the offline planner could not do, with its suggestions', async () => {
    const planOffline: OfflinePlanner = () => ({
      ok: false,
      message: 'The offline planner did not understand the question.',
      suggestions: ['Show an overview'],
    });
    const { ofType } = await run({ askDeps: deps({ provider: offline, planOffline }) });
    const error = ofType('error')[0]?.error;
    expect(error).toMatchObject({ code: 'no_plan', retryable: false });
    expect(error?.message).toContain('Show an overview');
  });
});
