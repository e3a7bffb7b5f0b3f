import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The caller (next/headers) and the model (a script file): lib/ask/test-support/ask-mocks.ts.
const hoisted = vi.hoisted(async () => (await import('@/lib/ask/test-support/ask-mocks')).createAskMocks());
vi.mock('next/headers', async () => (await hoisted).nextHeaders.module);
vi.mock('@/lib/llm/server/providers', async (importOriginal) => (await hoisted).providersModule(importOriginal));

import path from 'node:path';
import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { PEER_HEADER } from '@/lib/access/server/peer-address';
import { POST as answerPost } from '@/app/api/answer/route';
import { getCounterStore } from '@/lib/access/server/counter-db';
import { ask, repair } from '@/lib/ask/actions';
import { newRandomId } from '@/lib/core/random-id';
import type { AskRequest, RepairRequest } from '../contracts';
import { VALID_CODE } from '@/lib/llm/testing/fixtures';
import { utcDay } from '@/lib/llm/server/token-budget';
import {
  actAsOwner,
  askBody,
  configureAskEnv,
  createAskDataDir,
  nextPeerAddress,
  ownerHash,
  people,
  readAskEvents as events,
  repairBody,
  sales,
  writeAskDatasets,
  writeScript,
} from '@/lib/ask/test-support/ask-world';

const mocks = await hoisted;

/**
 * The daily token budgets through the real entry points — the ask and repair server actions and the answer route:
 * environment, local storage, the scripted provider (which reports usage like a real one) and the counters in
 * DATA_DIR/.usage.sqlite (AUTH_MODE=none).
 */

let base: Record<string, string> = {};

async function configure(extra: Record<string, string> = {}): Promise<void> {
  await configureAskEnv({ ...base, ...extra });
  // Each case its own DATA_DIR (its own counters), holding the two dataset records.
  await writeAskDatasets();
}

beforeAll(async () => {
  base = { STORAGE: 'local', DATA_DIR: createAskDataDir({ mocks, prefix: 'ask-budget-' }), LLM_RATE_LIMIT_PER_MINUTE: '0' };
  writeScript({
    mocks,
    rules: [
      { when: 'select', respond: { datasets: [{ id: '@People.csv', reason: 'ages' }] } },
      { when: 'generate', respond: VALID_CODE },
      { when: 'repair', respond: { ...VALID_CODE, code: 'result = 1', change: 'Simplified.' } },
      { when: 'answer', respond: 'Revenue totals **42**.' },
    ],
  });
  await configure();
});

beforeEach(() => {
  actAsOwner({ mocks, peer: nextPeerAddress() });
});

afterAll(async () => {
  await configureAskEnv();
});

function post(url: string, body: unknown): Request {
  return new Request(`http://app.test${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PEER_HEADER]: nextPeerAddress() },
    body: JSON.stringify(body),
  });
}

const askCall = (request: AskRequest) => ask({ runId: newRandomId(), request });
const repairCall = (request: RepairRequest) => repair({ runId: newRandomId(), request });

/** Today's counters of this browser and of the server. */
async function usage(owner = ownerHash): Promise<{ user: number; total: number }> {
  const [user = 0, total = 0] = await (await getCounterStore()).read({ period: utcDay(new Date()).period, subjects: [`user:${owner}`, 'all'] });
  return { user, total };
}

async function spend(tokens: number, owner = ownerHash): Promise<void> {
  await (await getCounterStore()).add({
    period: utcDay(new Date()).period,
    subjects: [`user:${owner}`, 'all'],
    amount: tokens,
    expiresAt: Date.now() + 86_400_000,
  });
}

const answerBody = { question: 'Total revenue?', code: 'result = 42', outputs: 'result: 42 (int)', figures: 0, status: 'ok' };

describe('daily LLM token budgets on the ask and repair actions and /api/answer', () => {
  it('charges the tokens the provider reported to the user and the server, in the shared store', async () => {
    await configure({ DATA_DIR: path.join(base.DATA_DIR ?? '', '..', 'charge') });
    const all = await events(await askCall(askBody()));
    const plan = all.at(-1);
    expect(plan?.type).toBe('plan');
    const reported = plan?.type === 'plan' ? plan.metrics.inputTokens + plan.metrics.outputTokens : 0;
    expect(reported).toBeGreaterThan(0);
    expect(await usage()).toEqual({ user: reported, total: reported });
    const answer = await answerPost(post('/api/answer', answerBody));
    expect(await answer.text()).toBe('Revenue totals **42**.');
    const after = await usage();
    expect(after.user).toBeGreaterThan(reported);
    expect(after.total).toBe(after.user);
  });

  it('refuses every entry point once the user’s day is spent (429 for the route), saying so, and changes nothing stored', async () => {
    await configure({ DATA_DIR: path.join(base.DATA_DIR ?? '', '..', 'spent'), LLM_DAILY_TOKENS_PER_USER: '5000', LLM_DAILY_TOKENS_TOTAL: '0' });
    await spend(5000);
    const before = await usage();
    const message =
      /^Your daily LLM budget is spent: 5,000 of 5,000 tokens used today \(LLM_DAILY_TOKENS_PER_USER\)\. It resets at midnight UTC \(\d{4}-\d\d-\d\dT00:00:00Z, in /;
    for (const [name, refused] of [
      ['ask', await askCall(askBody())],
      ['repair', await repairCall(repairBody)],
    ] as const) {
      expect(refused, name).toMatchObject({ ok: false, code: 'token_budget', retryable: false, message: expect.stringMatching(message) });
      const retryAfter = refused.ok ? 0 : (refused.retryAfterSeconds ?? 0);
      expect(retryAfter, name).toBeGreaterThan(0);
      expect(retryAfter, name).toBeLessThanOrEqual(86_400);
    }
    const response = await answerPost(post('/api/answer', answerBody));
    expect(response.status).toBe(429);
    const { error } = (await response.json()) as { error: { code: string; message: string; retryable: boolean } };
    expect(error).toMatchObject({ code: 'token_budget', retryable: false });
    expect(error.message).toMatch(message);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // No call was made: a call would have been charged.
    expect(await usage()).toEqual(before);
    // Another browser still has its own allowance.
    const { state } = mocks.nextHeaders;
    state.jar.set(OWNER_COOKIE, { value: newOwnerToken() });
    expect((await askCall(askBody({ datasetIds: [] }))).ok).toBe(true);
  });

  it('refuses a later call of the same request once an earlier one spent the budget (an error event)', async () => {
    await configure({ DATA_DIR: path.join(base.DATA_DIR ?? '', '..', 'midway'), LLM_DAILY_TOKENS_PER_USER: '1', LLM_DAILY_TOKENS_TOTAL: '0' });
    // Two candidate files: a selection call, then the code call, which the budget refuses.
    const all = await events(await askCall(askBody({ datasetIds: [sales.id, people.id] })));
    expect(all.map((event) => event.type)).toEqual(['provider', 'selection', 'context', 'error']);
    expect(all.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'token_budget', message: expect.stringMatching(/^Your daily LLM budget is spent: \d+ of 1 tokens/) },
    });
    const spent = await usage();
    expect(spent.user).toBeGreaterThan(1);
    expect(spent.total).toBe(spent.user);
  });

  it('refuses everyone once the server’s total is spent', async () => {
    await configure({ DATA_DIR: path.join(base.DATA_DIR ?? '', '..', 'total'), LLM_DAILY_TOKENS_PER_USER: '0', LLM_DAILY_TOKENS_TOTAL: '2000' });
    await spend(2500, hashOwnerToken({ token: newOwnerToken() }));
    expect(await askCall(askBody())).toMatchObject({
      ok: false,
      code: 'token_budget',
      message: expect.stringMatching(/^This server's daily LLM budget for all users is spent: 2,500 of 2,000 tokens/),
    });
    expect(await usage()).toEqual({ user: 0, total: 2500 });
  });

  it('meters nothing for the offline planner (it calls no one)', async () => {
    await configure({ DATA_DIR: path.join(base.DATA_DIR ?? '', '..', 'offline'), AI_PROVIDER: 'offline', LLM_DAILY_TOKENS_PER_USER: '1' });
    await spend(10);
    expect((await askCall(askBody())).ok).toBe(true);
    expect(await usage()).toEqual({ user: 10, total: 10 });
  });
});
