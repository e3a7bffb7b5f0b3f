import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The routes ask who the caller is (lib/access/server/caller.ts): a browser holding the owner cookie of the datasets.
const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);
// The model: the script file this test writes, read by the unit tests' scripted provider (the app itself has no test
// model; lib/llm/testing/script-file-provider.ts), unless a case forces the offline planner (AI_PROVIDER=offline).
const script = vi.hoisted(() => ({ path: '' }));
vi.mock('@/lib/llm/server/providers', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/llm/server/providers')>();
  const { getEnv } = await import('@/lib/core/server/env');
  const { scriptFileProvider } = await import('@/lib/llm/testing/script-file-provider');
  return { ...actual, getProvider: () => (getEnv().AI_PROVIDER === 'offline' ? actual.getProvider() : scriptFileProvider({ path: script.path })) };
});

import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { installPeerAddressHeader, PEER_HEADER } from '@/lib/access/server/peer-address';
import { POST as answerPost } from '@/app/api/answer/route';
import { POST as askPost } from '@/app/api/ask/route';
import { POST as repairPost } from '@/app/api/repair/route';
import { writeMeta } from '@/lib/files/server/dataset-records';
import { resetEnvCache } from '@/lib/core/server/env';
import { getStorage, resetStorageCache } from '@/lib/storage/server';
import type { AskEvent, AskRequest, RepairRequest } from '../contracts';
import { datasetId, makeMeta, VALID_CODE } from '../../llm/testing/fixtures';

/**
 * The three routes called as Next calls them (a Request in, a Response out), with the real wiring: environment,
 * local storage holding the dataset records, and the scripted provider reading a script file.
 */

const ownerToken = newOwnerToken();
const ownerHash = hashOwnerToken({ token: ownerToken });
const sales = { ...makeMeta({ id: datasetId(1), displayName: 'sales.csv' }), ownerHash };
const people = { ...makeMeta({ id: datasetId(2), displayName: 'people.csv', columns: [{ name: 'Age', type: 'integer' }] }), ownerHash };
const saved = { ...process.env };
let ipCounter = 0;

function writeScript(rules: unknown[]): void {
  writeFileSync(script.path, JSON.stringify({ rules }));
}

function configure(extra: Record<string, string> = {}): void {
  process.env = { ...saved, ...extra };
  resetEnvCache();
  resetStorageCache();
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ask-routes-'));
  script.path = path.join(dir, 'script.json');
  configure({ STORAGE: 'local', DATA_DIR: path.join(dir, 'data'), LLM_RATE_LIMIT_PER_MINUTE: '1000' });
  for (const meta of [sales, people]) await writeMeta({ storage: getStorage(), meta });
});

beforeEach(async () => {
  installPeerAddressHeader();
  const { state } = await mock;
  state.jar.clear();
  state.jar.set(OWNER_COOKIE, { value: ownerToken });
  writeScript([
    { when: 'select', respond: { datasets: [{ id: '@People.csv', reason: 'ages' }] } },
    { when: 'generate', match: 'slow', fail: 'hang' },
    { when: 'generate', respond: VALID_CODE, chunkChars: 20 },
    { when: 'repair', respond: { ...VALID_CODE, code: 'result = 1', change: 'Simplified.' } },
    { when: 'answer', match: 'quota', fail: 'quota' },
    { when: 'answer', respond: 'Revenue totals **42** (the result table).', chunkChars: 5 },
  ]);
});

afterAll(() => {
  configure();
});

function post(url: string, body: unknown, init: { signal?: AbortSignal; ip?: string } = {}): Request {
  return new Request(`http://app.test${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PEER_HEADER]: init.ip ?? `192.0.2.${++ipCounter}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

async function events(response: Response): Promise<AskEvent[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AskEvent);
}

const askBody = (overrides: Partial<AskRequest> = {}): AskRequest => ({
  question: 'Total revenue by region?',
  datasetIds: [sales.id],
  pinnedIds: [],
  history: [],
  ...overrides,
});

describe('POST /api/ask', () => {
  it('streams NDJSON events ending in a plan with one LLM call for a single-file question', async () => {
    const response = await askPost(post('/api/ask', askBody()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const all = await events(response);
    expect(all[0]).toEqual({ type: 'provider', provider: { kind: 'scripted', model: 'scripted', label: 'Scripted test model (AI_SCRIPT_FILE)' } });
    expect(all.map((event) => event.type)).toContain('code-delta');
    const plan = all.at(-1);
    expect(plan).toMatchObject({ type: 'plan', code: VALID_CODE.code, metrics: { llmCalls: 1 } });
    const context = all.find((event) => event.type === 'context');
    expect(context?.type === 'context' && context.datasets[0]?.columns.map((column) => column.name)).toEqual(['Region', 'Revenue']);
  });

  it('selects among several datasets with a second call', async () => {
    const all = await events(await askPost(post('/api/ask', askBody({ datasetIds: [sales.id, people.id] }))));
    expect(all.find((event) => event.type === 'selection')).toMatchObject({ skipped: false, datasets: [{ id: people.id }] });
    expect(all.at(-1)).toMatchObject({ type: 'plan', metrics: { llmCalls: 2 } });
  });

  it('answers a malformed body with 400 and a bad_request error', async () => {
    for (const body of ['{not json', { question: '' }, { ...askBody(), datasetIds: ['../../etc'] }]) {
      const response = await askPost(post('/api/ask', body));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request', retryable: false } });
    }
  });

  it('reports a deleted dataset as an error event', async () => {
    const all = await events(await askPost(post('/api/ask', askBody({ pinnedIds: [datasetId(55)] }))));
    expect(all.at(-1)).toMatchObject({ type: 'error', error: { code: 'dataset_missing' } });
  });

  it('never shows another browser’s datasets to the LLM or the caller: no cookie or a foreign one is dataset_missing', async () => {
    const { state } = await mock;
    for (const cookie of [null, newOwnerToken()]) {
      state.jar.clear();
      if (cookie) state.jar.set(OWNER_COOKIE, { value: cookie });
      const all = await events(await askPost(post('/api/ask', askBody({ pinnedIds: [sales.id] }))));
      expect(all.map((event) => event.type)).not.toContain('context');
      expect(all.at(-1)).toMatchObject({ type: 'error', error: { code: 'dataset_missing' } });
      expect(JSON.stringify(all)).not.toContain('Revenue');
    }
  });

  it('stops reading a 100 MB chunked body at the 1 MB cap with 413, for ask, repair and answer', async () => {
    for (const [route, handler] of [['/api/ask', askPost], ['/api/repair', repairPost], ['/api/answer', answerPost]] as const) {
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 100 * 1024 * 1024) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      // No Content-Length: the cap must hold while streaming, not only for a declared length.
      const request = new Request(`http://app.test${route}`, { method: 'POST', headers: { 'content-type': 'application/json', [PEER_HEADER]: '192.0.2.250' }, body, duplex: 'half' } as RequestInit);
      const response = await handler(request);
      expect(response.status, route).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('refused unread');
      expect(pulled, route).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it('stops generating when the request is aborted (Cancel), without an error event', async () => {
    const controller = new AbortController();
    const response = await askPost(post('/api/ask', askBody({ question: 'a slow question' }), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const all = await events(response);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(all.map((event) => event.type)).toEqual(['provider', 'selection', 'context']);
  });

  it('rate-limits per client with 429, rate_limited and Retry-After', async () => {
    configure({ ...process.env, LLM_RATE_LIMIT_PER_MINUTE: '2' } as Record<string, string>);
    try {
      const ip = '198.51.100.77';
      expect((await askPost(post('/api/ask', askBody(), { ip }))).status).toBe(200);
      expect((await answerPost(post('/api/answer', { question: 'q', code: 'x', outputs: 'o', figures: 0, status: 'ok' }, { ip }))).status).toBe(200);
      const refused = await repairPost(post('/api/repair', {}, { ip }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', retryable: true } });
      // Another client is not affected.
      expect((await askPost(post('/api/ask', askBody(), { ip: '198.51.100.78' }))).status).toBe(200);
    } finally {
      configure({ ...process.env, LLM_RATE_LIMIT_PER_MINUTE: '1000' } as Record<string, string>);
    }
  });
});

describe('POST /api/repair', () => {
  const repairBody: RepairRequest = {
    question: 'Total revenue?',
    datasetIds: [sales.id],
    attempts: [{ code: 'result = 1/0', status: 'python', stdoutTail: '', error: { type: 'ZeroDivisionError', message: 'division by zero', line: 1, traceback: '' } }],
    history: [],
  };

  it('streams the repaired plan with its change', async () => {
    const all = await events(await repairPost(post('/api/repair', repairBody)));
    expect(all.map((event) => event.type).filter((type) => type !== 'code-delta')).toEqual(['provider', 'context', 'plan']);
    expect(all.at(-1)).toMatchObject({ type: 'plan', code: 'result = 1', change: 'Simplified.', metrics: { llmCalls: 1 } });
  });

  it('fixes a near-miss column without a call', async () => {
    const body: RepairRequest = {
      ...repairBody,
      attempts: [{ code: 'result = df1["revenue"].sum()', status: 'python', stdoutTail: '', error: { type: 'KeyError', message: "'revenue'", line: 1, traceback: '' } }],
    };
    const all = await events(await repairPost(post('/api/repair', body)));
    expect(all.at(-1)).toMatchObject({ type: 'plan', code: 'result = df1["Revenue"].sum()', metrics: { llmCalls: 0 } });
  });
});

describe('POST /api/answer', () => {
  const answerBody = { question: 'Total revenue?', code: 'result = 42', outputs: 'result: 42 (int)', figures: 0, status: 'ok' };

  it('streams markdown with the provider kind in a header', async () => {
    const response = await answerPost(post('/api/answer', answerBody));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(response.headers.get('x-llm-provider')).toBe('scripted');
    expect(await response.text()).toBe('Revenue totals **42** (the result table).');
  });

  it('answers a failure to start with a JSON error and a status', async () => {
    configure({ ...process.env, LLM_MAX_RETRIES: '0' } as Record<string, string>);
    try {
      const response = await answerPost(post('/api/answer', { ...answerBody, question: 'quota please' }));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'llm_quota', retryable: true } });
    } finally {
      configure({ ...process.env, LLM_MAX_RETRIES: '2' } as Record<string, string>);
    }
  });

  it('writes the deterministic offline summary when no LLM is configured', async () => {
    const before = { ...process.env } as Record<string, string>;
    configure({ ...before, AI_PROVIDER: 'offline' });
    try {
      const response = await answerPost(post('/api/answer', answerBody));
      expect(response.headers.get('x-llm-provider')).toBe('offline');
      const text = await response.text();
      expect(text).toMatch(/^_Offline summary/);
      expect(text).toContain('42');
    } finally {
      configure(before);
    }
  });
});
