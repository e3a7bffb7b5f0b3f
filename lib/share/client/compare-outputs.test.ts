import { describe, expect, it } from 'vitest';
import type { SavedAttempt } from '@/lib/share/analysis-record';
import type { RunResult } from '@/workers/kernel-protocol';
import { compareOutputs } from './compare-outputs';

const table = {
  kind: 'table' as const,
  source: 'dataframe' as const,
  columns: ['region', 'units'],
  dtypes: ['object', 'int64'],
  rows: [
    ['North', 3],
    ['East', 7],
  ],
  totalRows: 2,
  totalColumns: 2,
  truncated: false,
};

const saved: SavedAttempt = {
  number: 1,
  code: 'result = df1',
  status: 'ok',
  stdout: 'total 10\n',
  stderr: '',
  error: null,
  figures: [{ key: 'analyses/x/figures/1-1-1.png', width: 10, height: 10 }],
  result: table,
  timings: { validateMs: 1, loadPackagesMs: 0, executeMs: 1, totalMs: 2 },
};

function rerun(patch: Partial<RunResult> = {}): RunResult {
  return {
    status: 'ok',
    stdout: 'total 10\n',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    figures: [{ pngBase64: 'AAAA', width: 10, height: 10 }],
    figuresDropped: 0,
    result: table,
    error: null,
    timings: { validateMs: 3, loadPackagesMs: 0, executeMs: 5, totalMs: 9 },
    packagesLoaded: [],
    ...patch,
  };
}

describe('compareOutputs', () => {
  it('matches identical outputs (timings and figure bytes do not count)', () => {
    const comparison = compareOutputs({ saved, rerun: rerun({ stdout: 'total 10\r\n' }) });
    expect(comparison).toMatchObject({ matches: true, stdout: true, result: true, differences: [] });
  });

  it('names the first differing line of printed output', () => {
    const comparison = compareOutputs({ saved, rerun: rerun({ stdout: 'total 11\n' }) });
    expect(comparison.matches).toBe(false);
    expect(comparison.stdout).toBe(false);
    expect(comparison.differences).toEqual(['printed output differs at line 1: saved "total 10", now "total 11"']);
  });

  it('names the differing cell of a result table', () => {
    const changed = {
      ...table,
      rows: [
        ['North', 3],
        ['East', 8],
      ],
    };
    const comparison = compareOutputs({ saved, rerun: rerun({ result: changed }) });
    expect(comparison.result).toBe(false);
    expect(comparison.differences).toEqual(['result table differs at row 2, column units: saved 7, now 8']);
  });

  it('reports row counts, figure counts, status and value differences', () => {
    const comparison = compareOutputs({
      saved,
      rerun: rerun({
        status: 'python',
        error: { type: 'KeyError', message: "'units'", line: 2, traceback: '' },
        figures: [],
        result: { ...table, totalRows: 5 },
      }),
    });
    expect(comparison.differences).toEqual([
      "the run ended with “python” (KeyError: 'units'), saved “ok”",
      'result table has 5 rows, saved 2',
      '0 figure(s) now, 1 saved',
    ]);
    const json = compareOutputs({
      saved: { ...saved, figures: [], result: { kind: 'json', value: { units: 14 }, truncated: false } },
      rerun: rerun({ figures: [], result: { kind: 'json', value: { units: 15 }, truncated: false } }),
    });
    expect(json.differences).toEqual(['result differs: saved {"units":14}, now {"units":15}']);
  });

  it('treats JSON objects with the same entries in another order as equal', () => {
    const comparison = compareOutputs({
      saved: { ...saved, figures: [], result: { kind: 'json', value: { b: 2, a: [1, { c: null }] }, truncated: false } },
      rerun: rerun({ figures: [], result: { kind: 'json', value: { a: [1, { c: null }], b: 2 }, truncated: false } }),
    });
    expect(comparison.matches).toBe(true);
  });
});
