/**
 * Issue 9's planner fixes, run for real through workers/python/kernel_runner under the twin runtime: conditions
 * filter the rows before the analysis, an unknown value stops the run with a message that names it, and eight-digit
 * integer dates are read as YYYYMMDD. Expected numbers are computed here from the fixture rows, without pandas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRM_ROWS as ROWS, firmsDataset } from './test-support/firms-fixture';
import { planAndRun, type PlannedRun } from './test-support/run-python';

const { csv: CSV, brief: BRIEF } = firmsDataset({ id: 'honestfixture01', columns: ['firm', 'date', 'invest', 'age'] });

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
