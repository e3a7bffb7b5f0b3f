import { describe, expect, it, vi } from 'vitest';
import type { SavedTurn } from '@/lib/analysis/analysis-record';
import type { LoadDatasetsArgs } from '@/lib/datasets/load-into-kernel';
import type { RunResult } from '@/workers/kernel-protocol';
import { rerunAnalysis, RerunError, type ConfirmedRerun, type RerunDeps } from './rerun-analysis';

const METRICS = { llmCalls: 0, inputTokens: 0, outputTokens: 0, generationMs: 0, fetchMs: 0, runMs: 0, repairAttempts: 0, answerMs: 0 };
const TIMINGS = { validateMs: 1, loadPackagesMs: 0, executeMs: 1, totalMs: 2 };

function savedTurn(code: string, stdout: string): SavedTurn {
  return {
    question: code,
    answer: '',
    metrics: METRICS,
    attempts: [
      { number: 1, code: 'broken(', status: 'python', stdout: '', stderr: '', error: { type: 'SyntaxError', message: 'x', line: 1, traceback: '' }, figures: [], result: null, timings: TIMINGS },
      { number: 2, code, status: 'ok', stdout, stderr: '', error: null, figures: [], result: null, timings: TIMINGS },
    ],
  };
}

function runOf(stdout: string): RunResult {
  return { status: 'ok', stdout, stderr: '', stdoutTruncated: false, stderrTruncated: false, figures: [], figuresDropped: 0, result: null, error: null, timings: TIMINGS, packagesLoaded: [] };
}

const DOWNLOADS: Omit<ConfirmedRerun, 'code'> = {
  downloads: [{ id: 'd1', displayName: 'sales.csv', format: 'csv', size: 10, url: 'https://bucket/x', expiresAt: '2030-01-01T00:00:00Z', options: {} }],
  datasets: [{ id: 'd1', variable: 'df2', fileName: 'sales-d1.csv', format: 'csv', options: {} }],
};

function deps(patch: Partial<RerunDeps> = {}): RerunDeps & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    loadDatasets: async (args: LoadDatasetsArgs) => {
      const signed = await args.getDownloadUrls?.({ ids: ['d1'] });
      if (!signed?.ok) throw new Error('no urls');
      const kept = args.loaded?.find((entry) => entry.id === 'd1');
      return [{ id: 'd1', displayName: 'sales.csv', name: 'sales-d1.csv', path: '/data/sales-d1.csv', variable: kept?.variable ?? 'df1', bytes: 10 }];
    },
    mountFiles: async () => [],
    run: async ({ code }) => {
      ran.push(code);
      return runOf(code === 'print(1)' ? '1\n' : 'other\n');
    },
    ...patch,
  };
}

/** The plan the server hands out for `turns`: their final code, plus the data. */
function planFor(turns: SavedTurn[], data = true): ConfirmedRerun {
  return { code: turns.map((turn) => turn.attempts.at(-1)?.code ?? null), ...(data ? DOWNLOADS : { downloads: [], datasets: [] }) };
}

describe('rerunAnalysis', () => {
  it('mounts the data under the saved variables and runs only the final code of each question, in order', async () => {
    const stub = deps();
    const loadSpy = vi.spyOn(stub, 'loadDatasets');
    const turns = [savedTurn('print(1)', '1\n'), savedTurn('print(2)', '2\n')];
    const outcomes = await rerunAnalysis({ turns, plan: planFor(turns), deps: stub });
    expect(loadSpy.mock.calls[0]?.[0].loaded?.map((entry) => entry.variable)).toEqual(['df2']);
    expect(stub.ran).toEqual(['print(1)', 'print(2)']);
    expect(outcomes.map((outcome) => outcome.comparison?.matches)).toEqual([true, false]);
  });

  it('runs nothing when the confirmed code is not the saved code (the record changed after the page loaded)', async () => {
    const stub = deps();
    const turns = [savedTurn('print(1)', '1\n')];
    for (const code of [['print("other")'], [], ['print(1)', 'print(2)']]) {
      await expect(rerunAnalysis({ turns, plan: { ...planFor(turns), code }, deps: stub })).rejects.toThrow(RerunError);
    }
    expect(stub.ran).toEqual([]);
  });

  it('refuses to run when the data would not be where the saved code reads it', async () => {
    const stub = deps({ loadDatasets: async () => [{ id: 'd1', displayName: 'sales.csv', name: 'renamed-d1.csv', path: '/data/renamed-d1.csv', variable: 'df2', bytes: 1 }] });
    const turns = [savedTurn('print(1)', '1\n')];
    await expect(rerunAnalysis({ turns, plan: planFor(turns), deps: stub })).rejects.toThrow(/expects \/data\/sales-d1.csv/);
    expect(stub.ran).toEqual([]);
  });

  it('downloads nothing when the analysis used no data', async () => {
    const stub = deps({ loadDatasets: async () => Promise.reject(new Error('should not be called')) });
    const turns = [savedTurn('print(1)', '1\n')];
    const outcomes = await rerunAnalysis({ turns, plan: planFor(turns, false), deps: stub });
    expect(outcomes[0]?.comparison?.matches).toBe(true);
  });
});
