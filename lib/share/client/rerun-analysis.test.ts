import { describe, expect, it, vi } from 'vitest';
import { datasetActionResults } from '@/lib/files/dataset-types';
import type { SavedTurn } from '@/lib/share/analysis-record';
import type { LoadDatasetsArgs } from '@/lib/kernel/client/load-into-kernel';
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
      {
        number: 1,
        code: 'broken(',
        status: 'python',
        stdout: '',
        stderr: '',
        error: { type: 'SyntaxError', message: 'x', line: 1, traceback: '' },
        figures: [],
        result: null,
        timings: TIMINGS,
      },
      { number: 2, code, status: 'ok', stdout, stderr: '', error: null, figures: [], result: null, timings: TIMINGS },
    ],
  };
}

function runOf(stdout: string): RunResult {
  return {
    status: 'ok',
    stdout,
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    figures: [],
    figuresDropped: 0,
    result: null,
    error: null,
    timings: TIMINGS,
    packagesLoaded: [],
  };
}

const DOWNLOADS: Omit<ConfirmedRerun, 'code'> = {
  downloads: [{ id: 'd1', displayName: 'sales.csv', format: 'csv', size: 10, url: 'https://bucket/x', expiresAt: '2030-01-01T00:00:00Z', options: {} }],
  datasets: [{ id: 'd1', variable: 'df2', fileName: 'sales-d1.csv', format: 'csv', options: {} }],
};

function deps(patch: Partial<RerunDeps> = {}): RerunDeps & { ran: string[]; mounted: Array<Array<[string, string | undefined]>> } {
  const ran: string[] = [];
  const mounted: Array<Array<[string, string | undefined]>> = [];
  return {
    ran,
    mounted,
    // Like loadDatasetsIntoKernel: signs, "downloads" and hands every file to mountFiles with its dataset identity.
    loadDatasets: async (args: LoadDatasetsArgs) => {
      const signed = datasetActionResults.getDownloadUrls.parse(await args.getDownloadUrls?.({ ids: args.datasets.map((dataset) => dataset.id) }));
      if (!signed.ok) throw new Error('no urls');
      const files = signed.downloads.map((download) => ({
        name: `${download.displayName.replace('.csv', '')}-${download.id}.csv`,
        data: new TextEncoder().encode(download.id).buffer,
        binding: { variable: 'df9', format: download.format },
        dataset: { id: download.id, displayName: download.displayName },
      }));
      await args.mountFiles(files);
      return files.map((file) => ({
        id: file.dataset.id,
        displayName: file.dataset.displayName,
        name: file.name,
        path: `/data/${file.name}`,
        variable: 'df9',
        bytes: 2,
      }));
    },
    mountFiles: async (files) => {
      mounted.push(files.map((file) => [file.name, file.binding?.variable]));
      return [];
    },
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
    expect(loadSpy).toHaveBeenCalledTimes(1);
    // Bound once, to the saved variable, before the first question; the second question needs nothing new.
    expect(stub.mounted).toEqual([[['sales-d1.csv', 'df2']]]);
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
    const stub = deps();
    stub.loadDatasets = async (args) => {
      await args.mountFiles([{ name: 'renamed-d1.csv', data: new ArrayBuffer(1), dataset: { id: 'd1', displayName: 'sales.csv' } }]);
      return [];
    };
    const turns = [savedTurn('print(1)', '1\n')];
    await expect(rerunAnalysis({ turns, plan: planFor(turns), deps: stub })).rejects.toThrow(/expects \/data\/sales-d1.csv/);
    expect(stub.ran).toEqual([]);
  });

  it("binds each question's own files before it runs, downloading each dataset once", async () => {
    const stub = deps();
    const loadSpy = vi.spyOn(stub, 'loadDatasets');
    const turns = [savedTurn('print(1)', '1\n'), savedTurn('print(2)', '2\n'), savedTurn('print(3)', '3\n')];
    const a = { id: 'A', variable: 'df1', fileName: 'a-A.csv', format: 'csv' as const, options: {} };
    const b = { id: 'B', variable: 'df1', fileName: 'b-B.csv', format: 'csv' as const, options: {} };
    const plan: ConfirmedRerun = {
      code: turns.map((turn) => turn.attempts.at(-1)!.code),
      downloads: ['A', 'B'].map((id) => ({
        id,
        displayName: `${id.toLowerCase()}.csv`,
        format: 'csv' as const,
        size: 1,
        url: `https://bucket/${id}`,
        expiresAt: '2030-01-01T00:00:00Z',
        options: {},
      })),
      datasets: [a, b],
      // Question 1 reads A as df1, question 2 B as df1, question 3 A as df1 again and B as df2.
      turns: [[a], [b], [a, { ...b, variable: 'df2' }]],
    };
    await rerunAnalysis({ turns, plan, deps: stub });
    expect(loadSpy).toHaveBeenCalledTimes(1);
    expect(stub.mounted).toEqual([
      [['a-A.csv', 'df1']],
      [['b-B.csv', 'df1']],
      [
        ['a-A.csv', 'df1'],
        ['b-B.csv', 'df2'],
      ],
    ]);
    expect(stub.ran).toEqual(['print(1)', 'print(2)', 'print(3)']);
  });

  it('downloads nothing when the analysis used no data', async () => {
    const stub = deps({ loadDatasets: async () => Promise.reject(new Error('should not be called')) });
    const turns = [savedTurn('print(1)', '1\n')];
    const outcomes = await rerunAnalysis({ turns, plan: planFor(turns, false), deps: stub });
    expect(outcomes[0]?.comparison?.matches).toBe(true);
  });
});
