/**
 * Years and follow-ups that narrow the last question, run for real through workers/python/kernel_runner under the
 * twin runtime: "average invest by firm", then "and only for 2012?", then "what about since 2015?". Expected numbers
 * are computed here from the fixture rows, without pandas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRMS, FIRM_ROWS as ROWS, firmsDataset } from './test-support/firms-fixture';
import { planAndRun, type PlannedRun } from './test-support/run-python';

const { csv: CSV, brief: BRIEF } = firmsDataset({ id: 'refinefixture01', columns: ['firm', 'date', 'invest'] });

const CONVERSATION = ['average invest by firm', 'and only for 2012?', 'what about since 2015?'];
const CASES = {
  first: { question: 'average invest by firm' },
  only2012: { question: 'and only for 2012?', history: CONVERSATION.slice(0, 1) },
  since2015: { question: 'what about since 2015?', history: CONVERSATION.slice(0, 2) },
  standalone: { question: 'total invest for Beta between 2011 and 2013' },
};
type CaseName = keyof typeof CASES;

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const byFirm = (keep: (row: (typeof ROWS)[number]) => boolean): number[] =>
  FIRMS.map((firm) => mean(ROWS.filter((row) => row.firm === firm && keep(row)).map((row) => row.invest)));
let results: Record<string, PlannedRun> = {};

function run(name: CaseName): PlannedRun {
  const result = results[name];
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

/** The group-by table's measure column, in firm order. */
function measures(name: CaseName): unknown[] {
  const result = run(name).result;
  if (result?.kind !== 'table') throw new Error(`${name}: no table, ${run(name).stdout}`);
  return FIRMS.map((firm) => result.rows.find((row) => row[0] === firm)?.[1]);
}

describe('years and narrowing follow-ups under CPython (the twin runtime)', () => {
  let cleanup = () => {};
  beforeAll(() => {
    ({ results, cleanup } = planAndRun({ csv: CSV, brief: BRIEF, cases: CASES, prefix: 'offline-refine-' }));
  }, 240_000);

  afterAll(() => cleanup());

  it('answers the first question over every year', () => {
    expect(measures('first')).toEqual(byFirm(() => true).map((value) => expect.closeTo(value, 9)));
  });

  it('"and only for 2012?" is the same question on the 2012 rows', () => {
    expect(run('only2012').stdout).toContain('Rows where the year of date is 2012: 3');
    expect(measures('only2012')).toEqual(byFirm((row) => row.year === 2012).map((value) => expect.closeTo(value, 9)));
  });

  it('"what about since 2015?" replaces the year of the refinement before it', () => {
    expect(run('since2015').stdout).toContain('Rows where the year of date is 2015 or later: 9');
    expect(measures('since2015')).toEqual(byFirm((row) => row.year >= 2015).map((value) => expect.closeTo(value, 9)));
  });

  it('a year range and a value in one question both filter', () => {
    const kept = ROWS.filter((row) => row.firm === 'Beta' && row.year >= 2011 && row.year <= 2013);
    expect(run('standalone').stdout).toContain('Rows where the year of date is between 2011 and 2013');
    expect(JSON.stringify(run('standalone').result)).toContain(String(kept.reduce((sum, row) => sum + row.invest, 0)));
  });
});
