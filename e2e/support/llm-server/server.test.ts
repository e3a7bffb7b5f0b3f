/**
 * The scripted OpenAI-compatible server through the app's real provider path: the ask pipeline, the production
 * OpenAI-compatible model (@ai-sdk/openai-compatible, as OPENAI_COMPATIBLE_BASE_URL configures it) and HTTP on
 * loopback. Each script feature the e2e specs use behaves as the in-process scripted model does, down to the usage.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsk, type AskDeps } from '@/lib/ask/server/ask-pipeline';
import type { AskEvent, AskRequest } from '@/lib/ask/contracts';
import type { LlmProvider } from '@/lib/llm/server/llm-call';
import { LlmError } from '@/lib/llm/server/llm-errors';
import { openAiCompatibleModel } from '@/lib/llm/server/providers';
import { streamAnswer } from '@/lib/answer/server/stream-answer';
import { collector, datasetId, makeMeta, testSettings, unusedPlanner } from '@/lib/llm/testing/fixtures';
import { scriptFileProvider } from '@/lib/llm/testing/script-file-provider';
import { startScriptedLlmServer, type ScriptedLlmServer } from './server';

const sales = makeMeta({ id: datasetId(1), displayName: 'sales.csv' });
const people = makeMeta({ id: datasetId(2), displayName: 'people.csv', columns: [{ name: 'Age', type: 'integer' }] });
const CODE = {
  plan: 'Read the file.',
  code: 'import csv\nrows = list(csv.reader(open("{{path:df1}}")))\nprint(len(rows))',
  expects: { figures: 0, table: false },
};
const ANSWER = 'North sold the most: **10** units, against 4 and 7 elsewhere.';

const rules = [
  { when: 'select', respond: { datasets: [{ id: '@People.csv', reason: 'ages' }] } },
  { when: 'generate', match: 'quota', fail: 'quota' },
  { when: 'generate', match: 'overloaded', fail: 'overloaded' },
  { when: 'generate', match: 'network', fail: 'network' },
  { when: 'generate', match: 'refused', fail: 'refusal', respond: CODE },
  { when: 'generate', match: 'slow', fail: 'hang' },
  { when: 'generate', respond: CODE, chunkChars: 10 },
  { when: 'answer', match: 'refused', fail: 'refusal', respond: 'never sent' },
  { when: 'answer', respond: ANSWER, delayMs: 150, chunkChars: 8, chunkDelayMs: 20 },
];

let server: ScriptedLlmServer;
let scriptFile = '';

beforeAll(async () => {
  scriptFile = path.join(mkdtempSync(path.join(tmpdir(), 'llm-server-')), 'script.json');
  writeFileSync(scriptFile, JSON.stringify({ rules }));
  server = await startScriptedLlmServer({ port: 0, scriptFile });
});
afterAll(() => server.close());

/** The app's OpenAI-compatible provider, configured as OPENAI_COMPATIBLE_BASE_URL=<server>/v1 would. */
function httpProvider(): LlmProvider {
  const model = openAiCompatibleModel({ baseURL: server.url, apiKey: undefined, modelId: 'scripted' });
  return { kind: 'llm', info: { kind: 'openai-compatible', model: 'scripted', label: 'scripted at loopback' }, modelFor: () => model };
}

async function ask({ provider = httpProvider(), request, timeoutMs }: { provider?: LlmProvider; request: Partial<AskRequest>; timeoutMs?: number }) {
  const deps: AskDeps = {
    provider,
    settings: testSettings({ maxRetries: 0, ...(timeoutMs ? { timeoutMs } : {}) }),
    loadDatasets: async (ids) => [sales, people].filter((meta) => ids.includes(meta.id)),
    planOffline: unusedPlanner,
    chooseOffline: () => 0,
  };
  const events = collector();
  await runAsk({
    request: { question: 'Total units?', datasetIds: [sales.id], pinnedIds: [sales.id], history: [], ...request },
    deps,
    signal: new AbortController().signal,
    emit: events.emit,
  });
  return events;
}

const errorOf = (events: { events: AskEvent[] }) => {
  const last = events.events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
};

describe('the scripted OpenAI-compatible server', () => {
  it('streams structured code from the rule the question matches, with the kernel path filled in and the same usage as the in-process model', async () => {
    const overHttp = await ask({ request: {} });
    const plan = overHttp.ofType('plan')[0];
    expect(plan?.code).toBe(CODE.code.replace('{{path:df1}}', `/data/sales-${sales.id.slice(0, 8)}.csv`));
    // Streamed: the page sees the code grow in several steps.
    expect(overHttp.ofType('code-delta').length).toBeGreaterThan(3);
    const inProcess = (await ask({ provider: scriptFileProvider({ path: scriptFile }), request: {} })).ofType('plan')[0];
    expect(plan?.metrics).toMatchObject({ llmCalls: 1, inputTokens: inProcess?.metrics.inputTokens, outputTokens: inProcess?.metrics.outputTokens });
    expect(plan?.metrics.inputTokens).toBeGreaterThan(500);
  });

  it('answers a selection (not streamed) with "@name" resolved to the catalog id', async () => {
    const events = await ask({ request: { pinnedIds: [], datasetIds: [sales.id, people.id] } });
    expect(events.ofType('selection')[0]).toMatchObject({ skipped: false, datasets: [{ id: people.id, reason: 'ages' }] });
    expect(events.ofType('plan')[0]?.metrics.llmCalls).toBe(2);
  });

  it('streams the answer in chunks after its delay', async () => {
    const started = performance.now();
    const chunks: string[] = [];
    const request = { question: 'Which region?', code: 'x', outputs: 'North 10', figures: 0, status: 'ok' };
    for await (const chunk of streamAnswer({ request, provider: httpProvider(), settings: testSettings(), signal: new AbortController().signal }))
      chunks.push(chunk);
    expect(chunks.join('')).toBe(ANSWER);
    expect(chunks.length).toBeGreaterThan(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150 + 20 * 7);
  });

  it('fails as scripted: quota is HTTP 429, overloaded 503, network a dropped connection, refusal the content filter', async () => {
    expect(errorOf(await ask({ request: { question: 'quota please' } }))).toMatchObject({ code: 'llm_quota', message: expect.stringContaining('HTTP 429') });
    expect(errorOf(await ask({ request: { question: 'overloaded please' } }))).toMatchObject({
      code: 'llm_network',
      message: expect.stringContaining('HTTP 503, overloaded'),
    });
    expect(errorOf(await ask({ request: { question: 'network please' } }))).toMatchObject({
      code: 'llm_network',
      message: expect.stringContaining('Could not reach'),
    });
    expect(errorOf(await ask({ request: { question: 'refused please' } }))).toMatchObject({ code: 'llm_refusal' });
    const refusedAnswer = streamAnswer({
      request: { question: 'refused', code: 'x', outputs: 'o', figures: 0, status: 'ok' },
      provider: httpProvider(),
      settings: testSettings(),
      signal: new AbortController().signal,
    });
    await expect(refusedAnswer.next()).rejects.toSatisfy((error) => error instanceof LlmError && error.askError.code === 'llm_refusal');
  });

  it('hangs until the client gives up: the deadline ends the call and the server lets go of it', async () => {
    const started = performance.now();
    expect(errorOf(await ask({ request: { question: 'a slow question' }, timeoutMs: 400 }))).toMatchObject({ code: 'llm_timeout' });
    expect(performance.now() - started).toBeLessThan(3000);
    await expect.poll(() => server.openCalls()).toBe(0);
  });

  it('refuses a call no rule matches with 400, naming the call', async () => {
    writeFileSync(scriptFile, JSON.stringify({ rules: rules.filter((rule) => rule.when !== 'generate') }));
    try {
      expect(errorOf(await ask({ request: {} }))).toMatchObject({ code: 'llm_network', message: expect.stringContaining('HTTP 400') });
      const response = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'm',
          messages: [{ role: 'user', content: 'Question: Total units?\n\nRemember' }],
          response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { properties: { plan: {}, code: {} } } } },
        }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: 'Scripted model: no rule for generate of "Total units?". Add a rule to the script file.', type: 'invalid_request_error', code: 400 },
      });
    } finally {
      writeFileSync(scriptFile, JSON.stringify({ rules }));
    }
  });
});
