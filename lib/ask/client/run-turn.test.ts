import { describe, expect, it, vi } from 'vitest';
import type { AskEvent, AskRequest, ClassifiedRunError } from '@/lib/ask/contracts';
import type { RunResult } from '@/workers/kernel-protocol';
import { runTurn, summarizeTurn, type RunTurnDeps } from './run-turn';
import { createTurn, type TurnState } from '../turn-state';
import { csvBrief } from '../test-support/turn-fixture';
import { blankRunResult } from '@/lib/kernel/run-results';

const brief = csvBrief({ id: 'dataset-aaaa1111', variable: 'df1', name: 'sales.csv', columns: [{ name: 'Revenue', type: 'number' }], sampleRows: [[1]] });

const request: AskRequest = { question: 'total revenue?', datasetIds: [brief.id], pinnedIds: [], history: [] };
const metrics = { llmCalls: 1, inputTokens: 100, outputTokens: 20, generationMs: 5 };

function planEvents(code: string, change?: string): AskEvent[] {
  return [
    { type: 'provider', provider: { kind: 'scripted', model: 'test', label: 'Scripted' } },
    { type: 'selection', datasets: [{ id: brief.id, reason: 'only file' }], skipped: true, note: 'one candidate' },
    { type: 'context', datasets: [brief] },
    { type: 'code-delta', code: code.slice(0, 3) },
    { type: 'plan', plan: 'sum it', code, expects: { figures: 0, table: false }, metrics, ...(change ? { change } : {}) },
  ];
}

function runResult(status: RunResult['status'], extra: Partial<RunResult> = {}): RunResult {
  return {
    ...blankRunResult({
      status,
      error: status === 'ok' ? null : { type: 'KeyError', message: "'revenue'", line: 1, traceback: '' },
      timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 1, totalMs: 1 },
    }),
    stdout: status === 'ok' ? 'total 42\n' : '',
    result: status === 'ok' ? { kind: 'scalar', value: 42, pyType: 'int', truncated: false } : null,
    ...extra,
  };
}

function makeDeps(overrides: Partial<RunTurnDeps> & { runs: RunResult[]; repairs?: AskEvent[][] }): RunTurnDeps & { calls: string[] } {
  const calls: string[] = [];
  const runs = [...overrides.runs];
  const repairs = [...(overrides.repairs ?? [])];
  const classified = (result: RunResult): ClassifiedRunError => ({ kind: 'missing_column', status: result.status, error: result.error! });
  return {
    calls,
    streamEvents: async function* ({ step }) {
      calls.push(step);
      const events = step === 'ask' ? planEvents('result = df1["revenue"].sum()') : (repairs.shift() ?? []);
      for (const event of events) yield event;
    },
    prepareData: async ({ onProgress }) => {
      calls.push('prepare');
      onProgress({ loaded: 10, total: 10, label: 'sales.csv' });
      return [{ variable: 'df1', datasetId: brief.id, displayName: 'sales.csv', fileName: 'sales.csv', path: '/data/sales.csv', format: 'csv', bytes: 10 }];
    },
    runCode: async ({ code }) => {
      calls.push(`run:${code}`);
      return runs.shift() ?? runResult('ok');
    },
    stopRun: () => calls.push('stop'),
    classify: ({ result }) => classified(result),
    fixLocally: () => null,
    streamAnswer: async ({ onDelta }) => {
      calls.push('answer');
      onDelta('Total revenue is ');
      onDelta('42.');
      return { provider: 'scripted' };
    },
    maxRepairAttempts: 3,
    now: () => 0,
    ...overrides,
  };
}

async function run(deps: RunTurnDeps, signal = new AbortController().signal): Promise<{ final: TurnState; phases: string[] }> {
  const phases: string[] = [];
  const final = await runTurn({
    turn: createTurn({ id: 't1', question: request.question }),
    request,
    deps,
    signal,
    onChange: (turn) => {
      if (phases[phases.length - 1] !== turn.phase) phases.push(turn.phase);
    },
  });
  return { final, phases };
}

describe('runTurn', () => {
  it('answers a clean single-file question with one generation call and one answer call', async () => {
    const deps = makeDeps({ runs: [runResult('ok')] });
    const { final, phases } = await run(deps);
    expect(final.phase).toBe('done');
    expect(final.answer).toBe('Total revenue is 42.');
    expect(final.attempts).toHaveLength(1);
    expect(final.metrics.llmCalls).toBe(2);
    expect(final.metrics.inputTokens).toBe(100);
    expect(deps.calls).toEqual(['ask', 'prepare', 'run:result = df1["revenue"].sum()', 'answer']);
    expect(phases).toEqual(['selecting', 'generating', 'fetching', 'running', 'answering', 'done']);
    expect(summarizeTurn(final)).toMatchObject({ question: 'total revenue?', status: 'ok', outputSummary: expect.stringContaining('total 42') });
    // The kernel client's bindings once the data was mounted: what this question's code ran against.
    expect(final.bindings).toEqual([expect.objectContaining({ variable: 'df1', datasetId: brief.id, fileName: 'sales.csv' })]);
  });

  it('repairs a failed run through the repair route and records what changed', async () => {
    const deps = makeDeps({
      runs: [runResult('python'), runResult('ok')],
      repairs: [planEvents('result = df1["Revenue"].sum()', 'Used the real column name Revenue.')],
    });
    const { final } = await run(deps);
    expect(final.phase).toBe('done');
    expect(final.attempts.map((attempt) => attempt.result?.status)).toEqual(['python', 'ok']);
    expect(final.attempts[1]).toMatchObject({ number: 2, fixedBy: 'llm', change: 'Used the real column name Revenue.' });
    expect(final.metrics.repairAttempts).toBe(1);
    expect(final.metrics.llmCalls).toBe(3);
  });

  it('uses a local fix without a repair call when one is available', async () => {
    const deps = makeDeps({ runs: [runResult('python'), runResult('ok')], fixLocally: () => 'result = df1["Revenue"].sum()' });
    const { final } = await run(deps);
    expect(deps.calls).not.toContain('repair');
    expect(final.attempts[1]).toMatchObject({ fixedBy: 'local', code: 'result = df1["Revenue"].sum()' });
    expect(final.metrics.llmCalls).toBe(2);
  });

  it('gives up after the repair cap with a clear message', async () => {
    const failing = planEvents('still broken');
    const deps = makeDeps({ runs: [runResult('python'), runResult('python'), runResult('python')], repairs: [failing, failing], maxRepairAttempts: 2 });
    const { final } = await run(deps);
    expect(final.phase).toBe('failed');
    expect(final.attempts).toHaveLength(3);
    expect(final.error?.message).toContain('after 2 repair attempt(s)');
    expect(deps.calls).not.toContain('answer');
  });

  it('does not ask for a repair when a package cannot be loaded', async () => {
    const loadFailure = runResult('load', {
      error: {
        type: 'PackageLoadError',
        message: 'Could not load the Python package "pandas" from http://mirror/pandas.whl: Failed to fetch',
        line: null,
        traceback: '',
        hint: 'Set PYODIDE_PACKAGES_URL.',
      },
    });
    const deps = makeDeps({
      runs: [loadFailure],
      classify: ({ result }) => ({ kind: 'package_load', status: result.status, error: result.error! }),
    });
    const { final } = await run(deps);
    expect(final.phase).toBe('failed');
    expect(final.error?.message).toContain('"pandas"');
    // The operator's hint is shown once, with the attempt's error; the turn's message does not repeat it.
    expect(final.error?.message).not.toContain('PYODIDE_PACKAGES_URL');
    expect(deps.calls).not.toContain('repair');
    expect(final.metrics.repairAttempts).toBe(0);
  });

  it('stops the kernel and ends cancelled when cancelled mid-run', async () => {
    const controller = new AbortController();
    const deps = makeDeps({
      runs: [],
      runCode: vi.fn(async () => {
        controller.abort();
        return runResult('interrupted');
      }),
    });
    const { final } = await run(deps, controller.signal);
    expect(deps.calls).toContain('stop');
    expect(final.phase).toBe('cancelled');
    expect(deps.calls).not.toContain('answer');
    // The attempt records how the run ended instead of staying "running…".
    expect(final.attempts.at(-1)?.result?.status).toBe('interrupted');
  });

  it('turns an error event into a failed turn with the server message', async () => {
    const deps = makeDeps({
      runs: [],
      streamEvents: async function* () {
        yield { type: 'error', error: { code: 'llm_quota', message: 'The model is rate limited; try again in a minute.', retryable: true } } satisfies AskEvent;
      },
    });
    const { final } = await run(deps);
    expect(final.phase).toBe('failed');
    expect(final.error).toMatchObject({ code: 'llm_quota', retryable: true });
  });
});
