import { describe, expect, it } from 'vitest';
import type { DatasetBrief, TurnSummary } from '@/lib/ask/contracts';
import { planOffline, type PlanOfflineResult } from './plan-offline';
import { makeCustomers, makeSales } from './test-support/fixture';

const sales = makeSales().brief;
const customers = makeCustomers().brief;
const turn = (question: string): TurnSummary => ({ question, code: '', status: 'ok', outputSummary: '' });
// A World Bank-style table: one column per year.
const wide: DatasetBrief = {
  id: 'widefixture0001',
  variable: 'df1',
  displayName: 'fertility',
  fileName: 'fertility.csv',
  format: 'csv',
  rowEstimate: { value: 200, exact: true },
  omittedColumns: 0,
  sampleRows: [],
  columns: [
    { name: 'Country Name', type: 'string' },
    { name: '2004', type: 'number' },
    { name: '2005', type: 'number' },
  ],
};

function planned(result: PlanOfflineResult): { plan: string; code: string } {
  if (!result.ok) throw new Error(`declined: ${result.message}`);
  return result.generated;
}

describe('years in a question', () => {
  it('filters "in 2023" on the date column and says so in the plan', () => {
    const { plan, code } = planned(planOffline({ question: 'average revenue by region in 2023', datasets: [sales] }));
    expect(code).toContain('dates.dt.year.between(2023, 2023)');
    expect(code.indexOf('dates.dt.year')).toBeLessThan(code.indexOf('groupby'));
    expect(plan).toContain('Only the rows where the year of "order_date" is 2023');
  });

  it('reads since / before / between as bounds', () => {
    expect(planned(planOffline({ question: 'total revenue since 2023', datasets: [sales] })).code).toContain('dates.dt.year >= 2023');
    expect(planned(planOffline({ question: 'total revenue before 2024', datasets: [sales] })).code).toContain('dates.dt.year <= 2023');
    expect(planned(planOffline({ question: 'total revenue between 2024 and 2023', datasets: [sales] })).code).toContain('dates.dt.year.between(2023, 2024)');
  });

  it('declines a year the dataset has no date or year column for, rather than ignoring it', () => {
    const result = planOffline({ question: 'average age in 2008', datasets: [customers] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('2008 only, but the dataset has no date or year column');
  });

  it('takes a year that names a column as the column, not a condition', () => {
    const { code } = planned(planOffline({ question: 'How many values are missing in 2005?', datasets: [wide] }));
    expect(code).not.toContain('dates.dt.year');
    expect(code).toContain("'2005'");
  });

  it('leaves numbers that are not years alone', () => {
    const { code } = planned(planOffline({ question: 'top 5 products by revenue', datasets: [sales] }));
    expect(code).not.toContain('dates.dt.year');
  });
});

describe('follow-ups that narrow the last question', () => {
  const history = [turn('average revenue by region')];

  it('"and only for 2023?" repeats the last question on that year', () => {
    const { plan, code } = planned(planOffline({ question: 'and only for 2023?', datasets: [sales], history }));
    expect(code).toContain('groupby');
    expect(code).toContain("'revenue'");
    expect(code).toContain('dates.dt.year.between(2023, 2023)');
    expect(plan).toContain('Read as a follow-up of the earlier question "average revenue by region", on fewer rows.');
  });

  it('a later refinement replaces the same kind of condition and keeps the others', () => {
    const chain = [turn('average revenue by region'), turn('and only for North'), turn('now since 2023')];
    const { code } = planned(planOffline({ question: 'what about for South?', datasets: [sales], history: chain }));
    expect(code).toContain("condition_value = 'South'");
    expect(code).not.toContain("condition_value = 'North'");
    expect(code).toContain('dates.dt.year >= 2023');
  });

  it('a question that asks something of its own is not a refinement', () => {
    const { code } = planned(planOffline({ question: 'count by product in 2023', datasets: [sales], history }));
    expect(code).not.toContain("'revenue'");
  });

  it('declines a refinement with no earlier question instead of guessing one', () => {
    expect(planOffline({ question: 'and only for 2023?', datasets: [sales] }).ok).toBe(false);
  });

  it('does not quote an earlier question the kernel policy would refuse as text', () => {
    const hostile = [turn('average revenue by region {0.__class__}')];
    const { plan, code } = planned(planOffline({ question: 'and only for 2023?', datasets: [sales], history: hostile }));
    expect(code).not.toContain('__class__');
    expect(plan).toContain('Read as a follow-up of the earlier question, on fewer rows.');
  });
});
