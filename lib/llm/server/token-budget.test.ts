import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterStore } from '@/lib/access/server/counter-store';
import { openSqliteCounterStore } from '@/lib/access/server/counter-store-sqlite';
import { createTokenBudget, estimatedTokens, retryAfterSeconds, tokensOf } from './token-budget';

/** The daily budgets over a real SQLite counter file, with the clock in the test's hands. */

let store: CounterStore;
let clock = new Date('2026-12-02T20:41:00Z');
const now = () => clock;

beforeEach(() => {
  store = openSqliteCounterStore({ file: path.join(mkdtempSync(path.join(tmpdir(), 'budget-')), '.usage.sqlite') });
  clock = new Date('2026-12-02T20:41:00Z');
});
afterEach(async () => {
  await store.close();
});

describe('token budgets', () => {
  it('refuses a user once their day is spent, naming the budget, the figures and the reset', async () => {
    const alice = createTokenBudget({ store, subject: 'alice', limits: { perUser: 1000, total: 0 }, now });
    const bob = createTokenBudget({ store, subject: 'bob', limits: { perUser: 1000, total: 0 }, now });
    await alice.charge(999);
    expect(await alice.check()).toBeNull();
    await alice.charge(3);
    const refusal = await alice.check();
    expect(refusal).toMatchObject({ scope: 'user', used: 1002, limit: 1000, resetsAt: new Date('2026-12-03T00:00:00Z') });
    expect(refusal?.message).toBe(
      'Your daily LLM budget is spent: 1,002 of 1,000 tokens used today (LLM_DAILY_TOKENS_PER_USER). It resets at midnight UTC (2026-12-03T00:00:00Z, in 3 h 19 min).',
    );
    expect(refusal && retryAfterSeconds({ refusal, now: clock })).toBe(3 * 3600 + 19 * 60);
    // Another user's allowance is their own.
    expect(await bob.check()).toBeNull();
  });

  it('refuses everyone once the server total is spent', async () => {
    const limits = { perUser: 1000, total: 1500 };
    await createTokenBudget({ store, subject: 'alice', limits, now }).charge(900);
    await createTokenBudget({ store, subject: 'bob', limits, now }).charge(700);
    const refusal = await createTokenBudget({ store, subject: 'carol', limits, now }).check();
    expect(refusal).toMatchObject({ scope: 'total', used: 1600, limit: 1500 });
    expect(refusal?.message).toMatch(
      /^This server's daily LLM budget for all users is spent: 1,600 of 1,500 tokens used today \(LLM_DAILY_TOKENS_TOTAL\)\. It resets at midnight UTC/,
    );
  });

  it('starts again at midnight UTC', async () => {
    const budget = createTokenBudget({ store, subject: 'alice', limits: { perUser: 100, total: 0 }, now });
    await budget.charge(500);
    clock = new Date('2026-12-02T23:59:59Z');
    expect(await budget.check()).toMatchObject({ scope: 'user', used: 500 });
    clock = new Date('2026-12-03T00:00:00Z');
    expect(await budget.check()).toBeNull();
  });

  it('0 turns a budget off (charges are still counted for the other)', async () => {
    const budget = createTokenBudget({ store, subject: 'alice', limits: { perUser: 0, total: 0 }, now });
    await budget.charge(10_000_000);
    expect(await budget.check()).toBeNull();
    expect(await createTokenBudget({ store, subject: 'bob', limits: { perUser: 0, total: 5 }, now }).check()).toMatchObject({
      scope: 'total',
      used: 10_000_000,
    });
  });

  it('counts what the SDK reports, or an estimate when it reported nothing', () => {
    expect(tokensOf({ inputTokens: 120, outputTokens: 30 } as Parameters<typeof tokensOf>[0])).toBe(150);
    expect(tokensOf(undefined)).toBe(0);
    expect(estimatedTokens({ sent: 'x'.repeat(400), received: 'y'.repeat(41) })).toBe(111);
  });
});
