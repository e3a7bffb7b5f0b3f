/**
 * Issue 9's planner fixes, run for real through workers/python/kernel_runner under the twin runtime: conditions
 * filter the rows before the analysis, an unknown value stops the run with a message that names it, and eight-digit
 * integer dates are read as YYYYMMDD. Expected numbers are computed here from the fixture rows, without pandas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetBrief } from '@/lib/ask/contracts';
import { planAndRun, type PlannedRun } from './test-support/run-python';

const FIRMS = ['Alpha', 'Beta', 'Gamma'] as const;
// 3 firms × 8 years; the date column is the last day of each year written as YYYYMMDD (20101231).
const ROWS = FIRMS.flatMap((firm, f) =>
  Array.from({ length: 8 }, (_, y) => ({
    firm,
    year: 2010 + y,
    date: (2010 + y) * 10000 + 1231,
    invest: 10 * (f + 1) + y * (f + 2) + (y % 3) * 0.5,
    age: 20 + (((f * 8 + y) * 7) % 45),
  })),
);
const CSV = `${['firm,date,invest,age', ...ROWS.map((row) => `${row.firm},${row.date},${row.invest},${row.age}`)].join('\n')}\n`;

const BRIEF: DatasetBrief = {
  id: 'honestfixture01',
  variable: 'df1',
  displayName: 'firms',
  fileName: 'firms.csv',
  format: 'csv',
  rowEstimate: { value: ROWS.length, exact: true },
  columns: [
    { name: 'firm', type: 'string' },
    { name: 'date', type: 'integer' },
    { name: 'invest', type: 'number' },
    { name: 'age', type: 'integer' },
  ],
  omittedColumns: 0,
  sampleRows: [],
};

const CASES = {
  valueCondition: 'average investment for Beta',
  numericCondition: 'average invest for rows with age above 40',
  unknownValue: 'average invest for Nobody',
  yyyymmdd: 'average invest per year',
} as const;
type CaseName = keyof typeof CASES;

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
let results: Record<string, PlannedRun> = {};

function run(name: CaseName): PlannedRun {
  const result = results[name];
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

/** The distribution summary's `mean` row (index label, value). */
function summaryMean(name: CaseName): number {
  const result = run(name).result;
  if (result?.kind !== 'table') throw new Error(`${name}: no table`);
  const value = result.rows.find((row) => row[0] === 'mean')?.[1];
  if (typeof value !== 'number') throw new Error(`${name}: no mean row in ${JSON.stringify(result.rows)}`);
  return value;
}

describe('planner conditions and dates under CPython (the twin runtime)', () => {
  let cleanup = () => {};
  beforeAll(() => {
    const cases = Object.fromEntries(Object.entries(CASES).map(([name, question]) => [name, { question }]));
    ({ results, cleanup } = planAndRun({ csv: CSV, brief: BRIEF, cases, prefix: 'offline-honest-' }));
  }, 240_000);

  afterAll(() => cleanup());

  it('"for Beta" keeps Beta’s rows only', () => {
    expect(run('valueCondition').status).toBe('ok');
    expect(run('valueCondition').stdout).toContain('Rows where firm is Beta: 8');
    expect(summaryMean('valueCondition')).toBeCloseTo(mean(ROWS.filter((row) => row.firm === 'Beta').map((row) => row.invest)), 9);
  });

  it('"age above 40" keeps the rows over 40', () => {
    const kept = ROWS.filter((row) => row.age > 40);
    expect(run('numericCondition').stdout).toContain(`Rows where age > 40: ${kept.length}`);
    expect(summaryMean('numericCondition')).toBeCloseTo(mean(kept.map((row) => row.invest)), 9);
  });

  it('a value no text column holds stops the run and names it', () => {
    expect(run('unknownValue').status).toBe('python');
    expect(JSON.stringify(run('unknownValue').error)).toContain("No row has the value 'Nobody'");
  });

  it('reads 20101231 as a date, not as the year 20101231', () => {
    const result = run('yyyymmdd').result;
    if (result?.kind !== 'table') throw new Error('no table');
    const years = [...new Set(ROWS.map((row) => row.year))];
    expect(result.totalRows).toBe(years.length);
    expect(result.rows.map((row) => row[1])).toEqual(
      years.map((year) => expect.closeTo(mean(ROWS.filter((row) => row.year === year).map((row) => row.invest)), 9)),
    );
    expect(run('yyyymmdd').stdout).toContain('as YYYYMMDD');
  });
});
