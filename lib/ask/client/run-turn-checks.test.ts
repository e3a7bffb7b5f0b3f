/** The answer checks inside a turn: one repair on a failed check, the failure recorded when it persists. */
import { describe, expect, it } from 'vitest';
import type { AskEvent, AskRequest, RepairRequest } from '@/lib/ask/contracts';
import { checkAnswer } from '@/lib/answer/answer-checks';
import type { RunResult } from '@/workers/kernel-protocol';
import { CHECK_FAILED_ERROR, runTurn, type RunTurnDeps } from './run-turn';
import { createTurn, type TurnState } from '../turn-state';
import { csvBrief, okRun } from '../test-support/turn-fixture';

const brief = csvBrief({
  id: 'dataset-aaaa1111',
  variable: 'df1',
  name: 'crime.csv',
  rows: 50,
  columns: [
    { name: 'state', type: 'string' },
    { name: 'murder', type: 'number' },
  ],
});
const request: AskRequest = { question: 'Which 5 states have the highest murder rate?', datasetIds: [brief.id], pinnedIds: [], history: [] };
const metrics = { llmCalls: 1, inputTokens: 10, outputTokens: 5, generationMs: 1 };
const TOP10 = "result = df1.nlargest(10, 'murder')";
const TOP5 = "result = df1.nlargest(5, 'murder')";

function plan({ code, provider = 'scripted', change }: { code: string; provider?: 'scripted' | 'offline'; change?: string }): AskEvent[] {
  return [
    { type: 'provider', provider: { kind: provider, model: 'm', label: provider } },
    { type: 'context', datasets: [brief] },
    { type: 'plan', plan: 'rank', code, expects: { figures: 0, table: true }, metrics, ...(change ? { change } : {}) },
  ];
}

function ranking(rows: number): RunResult {
  return okRun({
    result: {
      kind: 'table',
      source: 'dataframe',
      columns: ['state', 'murder'],
      dtypes: ['str', 'float64'],
      rows: Array.from({ length: rows }, (_, i) => [`S${i}`, 20 - i]),
      totalRows: rows,
      totalColumns: 2,
      truncated: false,
    },
    timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 1, totalMs: 1 },
  });
}

function deps({ provider = 'scripted', runs, repairs }: { provider?: 'scripted' | 'offline'; runs: RunResult[]; repairs: (AskEvent[] | Error)[] }) {
  const repairBodies: RepairRequest[] = [];
  const calls: string[] = [];
  const value: RunTurnDeps = {
    streamEvents: async function* (args) {
      calls.push(args.step);
      if (args.step === 'ask') {
        yield* plan({ code: TOP10, provider });
        return;
      }
      repairBodies.push(args.body);
      const next = repairs.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no repair scripted');
      yield* next;
    },
    prepareData: async () => [],
    runCode: async ({ code }) => {
      calls.push(`run:${code}`);
      return runs.shift() ?? ranking(0);
    },
    stopRun: () => {},
    classify: () => {
      throw new Error('a clean run is never classified');
    },
    fixLocally: () => null,
    checkRun: ({ question, code, earlierCode, result, datasets }) => checkAnswer({ question, code, earlierCode, run: result, datasets }),
    streamAnswer: async ({ onDelta }) => {
      calls.push('answer');
      onDelta('The five states are …');
      return { provider: 'scripted' };
    },
    maxRepairAttempts: 3,
    now: () => 0,
  };
  return { value, repairBodies, calls };
}

async function run(d: RunTurnDeps): Promise<TurnState> {
  return runTurn({ turn: createTurn({ id: 't', question: request.question }), request, deps: d, signal: new AbortController().signal, onChange: () => {} });
}

describe('answer checks in a turn', () => {
  it('a failed check sends the run back through the repair loop once, with the reason; a fixed run passes', async () => {
    const d = deps({ runs: [ranking(10), ranking(5)], repairs: [plan({ code: TOP5, change: 'Kept 5 rows.' })] });
    const turn = await run(d.value);
    expect(d.calls).toEqual(['ask', `run:${TOP10}`, 'repair', `run:${TOP5}`, 'answer']);
    const last = d.repairBodies[0]?.attempts.at(-1);
    expect(last?.error.type).toBe(CHECK_FAILED_ERROR);
    expect(last?.error.message).toContain('asks for 5 but the result is a table of 10 rows');
    expect(turn.phase).toBe('done');
    expect(turn.checks).toEqual({ repaired: true, outcomes: expect.arrayContaining([expect.objectContaining({ id: 'row-count', status: 'pass' })]) });
    expect(turn.attempts.map((attempt) => attempt.checks?.find((check) => check.id === 'row-count')?.status)).toEqual(['fail', 'pass']);
    expect(turn.metrics.repairAttempts).toBe(1);
  });

  it('repairs only once: when the repaired run still fails a check, the answer arrives with the failed check recorded', async () => {
    const d = deps({ runs: [ranking(10), ranking(8)], repairs: [plan({ code: "result = df1.nlargest(8, 'murder')", change: 'x' }), plan({ code: TOP5 })] });
    const turn = await run(d.value);
    expect(d.calls.filter((call) => call === 'repair')).toHaveLength(1);
    expect(turn.phase).toBe('done');
    expect(turn.answer).toContain('five states');
    expect(turn.checks?.repaired).toBe(true);
    expect(turn.checks?.outcomes.find((check) => check.id === 'row-count')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('table of 8 rows'),
    });
  });

  it('the offline planner cannot repair: the first run is answered and its failed check recorded, with no repair call', async () => {
    const d = deps({ provider: 'offline', runs: [ranking(10)], repairs: [] });
    const turn = await run(d.value);
    expect(d.calls).toEqual(['ask', `run:${TOP10}`, 'answer']);
    expect(turn.checks).toMatchObject({ repaired: false, outcomes: expect.arrayContaining([expect.objectContaining({ id: 'row-count', status: 'fail' })]) });
  });

  it('a repair call that fails leaves the clean run answered, marked with its failed check', async () => {
    const d = deps({ runs: [ranking(10)], repairs: [new Error('model overloaded')] });
    const turn = await run(d.value);
    expect(turn.phase).toBe('done');
    expect(turn.attempts).toHaveLength(1);
    expect(turn.checks?.outcomes.some((check) => check.status === 'fail')).toBe(true);
  });

  it('passing checks cost nothing: no repair call', async () => {
    const d = deps({ runs: [ranking(5)], repairs: [] });
    d.value.streamEvents = async function* ({ step }) {
      d.calls.push(step);
      yield* plan({ code: TOP5 });
    };
    const turn = await run(d.value);
    expect(d.calls).toEqual(['ask', `run:${TOP5}`, 'answer']);
    expect(turn.checks?.outcomes.every((check) => check.status === 'pass')).toBe(true);
  });
});
