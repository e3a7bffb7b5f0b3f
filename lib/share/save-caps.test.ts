import { describe, expect, it } from 'vitest';
import { savedAttemptSchema } from './analysis-record';
import { cutText } from '@/lib/text/cut-text';
import { capResult, capRunOutputs, SAVE_CAPS, titleFor } from './save-caps';
import { saveAnalysisInputSchema } from './save-input';
import { runResult, sampleInput } from './test-support/analysis-fixture';

describe('save caps', () => {
  it('cuts stdout and stderr to 100,000 characters with a visible marker', () => {
    const outputs = capRunOutputs({ run: runResult({ stdout: 'x'.repeat(150_000), stderr: 'short' }) });
    expect(outputs.stdout.length).toBeLessThanOrEqual(SAVE_CAPS.streamChars);
    expect(outputs.stdout.length).toBeGreaterThan(99_000);
    expect(outputs.stdout).toMatch(/output cut at 100,000 characters when the analysis was saved\]$/);
    expect(outputs.stderr).toBe('short');
    expect(capRunOutputs({ run: runResult({ stdout: 'y'.repeat(SAVE_CAPS.streamChars) }) }).stdout).toHaveLength(SAVE_CAPS.streamChars);
  });

  it('cuts tables to 200 rows × 50 columns and 500-character cells, keeping the real totals', () => {
    const columns = Array.from({ length: 60 }, (_, index) => `c${index}`);
    const rows = Array.from({ length: 300 }, (_, row) => columns.map((_, column) => (row === 0 && column === 0 ? 'z'.repeat(900) : row * column)));
    const table = capResult({
      result: { kind: 'table', source: 'dataframe', columns, dtypes: columns.map(() => 'int64'), rows, totalRows: 1000, totalColumns: 60, truncated: false },
    });
    expect(table).toMatchObject({ kind: 'table', totalRows: 1000, totalColumns: 60, truncated: true });
    if (table.kind !== 'table') throw new Error('expected a table');
    expect(table.columns).toHaveLength(50);
    expect(table.dtypes).toHaveLength(50);
    expect(table.rows).toHaveLength(200);
    expect(table.rows.every((row) => row.length === 50)).toBe(true);
    expect((table.rows[0]![0] as string).length).toBe(500);
    expect(table.rows[199]![49]).toBe(199 * 49);
    // Within the caps nothing changes and nothing is marked.
    const small = {
      kind: 'table' as const,
      source: 'series' as const,
      columns: ['a'],
      dtypes: ['int64'],
      rows: [[1], [-3.5]],
      totalRows: 2,
      totalColumns: 1,
      truncated: false,
    };
    expect(capResult({ result: small })).toEqual(small);
  });

  it('keeps the saved attempt within the record schema whatever the kernel sent', () => {
    const outputs = capRunOutputs({
      run: runResult({
        stdout: 'o'.repeat(300_000),
        stderr: 'e'.repeat(300_000),
        error: { type: 'T'.repeat(1000), message: 'm'.repeat(10_000), line: 3, traceback: 't'.repeat(20_000) },
        result: { kind: 'json', value: { big: 'j'.repeat(30_000) }, truncated: false },
      }),
    });
    expect(outputs.result).toMatchObject({ kind: 'repr', pyType: 'json', truncated: true });
    expect(savedAttemptSchema.safeParse({ number: 1, code: 'x', figures: [], ...outputs }).success).toBe(true);
  });

  it('never splits a surrogate pair when cutting', () => {
    const { text, cut } = cutText({ text: `${'a'.repeat(8)}😀😀`, max: 10 });
    expect(cut).toBe(true);
    expect(text).toBe(`${'a'.repeat(8)}…`);
  });

  it('titles from the given title or the first question, without control characters', () => {
    expect(titleFor({ title: '  Sales\nreview\u202e  ', firstQuestion: 'q' })).toBe('Sales review');
    expect(titleFor({ firstQuestion: `${'Why '.repeat(50)}?` }).length).toBeLessThanOrEqual(120);
    expect(titleFor({ title: '', firstQuestion: '\u0000' })).toBe('Untitled analysis');
  });
});

describe('save input schema', () => {
  it('accepts what the workspace sends', () => {
    expect(saveAnalysisInputSchema.safeParse(sampleInput()).success).toBe(true);
  });

  it('refuses inputs that must change, naming the field', () => {
    const base = sampleInput();
    const dataset = 'AAAAAAAAAAAAAAAAAAAAAA';
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, turns: [] }, /ask a question first/],
      [{ ...base, datasetIds: ['../x'] }, /not a dataset id/],
      [{ ...base, datasetIds: [dataset, dataset] }, /listed twice/],
      [{ ...base, datasetIds: [dataset], variables: ['df1', 'df2'] }, /one variable per dataset/],
      [{ ...base, datasetIds: [dataset], variables: ['__import__'] }, /df1, df2/],
      [{ ...base, expiresInDays: 0 }, /expiresInDays|>=1/],
      [{ ...base, turns: [{ ...base.turns[0]!, question: 'q'.repeat(2001) }] }, /question/],
      [{ ...base, turns: [{ ...base.turns[0]!, attempts: [{ number: 1, code: 'c'.repeat(50_001) }] }] }, /code/],
      [{ ...base, allowRerun: 'yes' }, /allowRerun/],
    ];
    for (const [input, message] of cases) {
      const parsed = saveAnalysisInputSchema.safeParse(input);
      expect(parsed.success, String(message)).toBe(false);
      const text = parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      expect(text).toMatch(message);
    }
  });
});
