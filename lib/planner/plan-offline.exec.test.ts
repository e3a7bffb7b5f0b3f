/**
 * The planner's programs run for real: through workers/python/kernel_runner (policy check, restricted builtins,
 * bind_datasets, figure capture) under the twin runtime (CPython 3.14, pandas 3, scipy, sklearn and matplotlib with the
 * browser's versions; lib/testing/python-bin.ts). Every
 * number asserted here is computed independently from the fixture rows (TypeScript) or, for the t-test, by scipy
 * on the CSV read with the csv module.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, JsonValue, ResultValue } from '@/workers/kernel-protocol';
import type { DatasetBrief, GeneratedCode, Preset } from '@/lib/ask/contracts';
import { planOffline } from './plan-offline';
import { HOSTILE, REGIONS, column, groupValues, makeCustomers, makeSales, mean, missingCounts, monthlyCounts, numbers, pearson } from './test-support/fixture';
import { assertPlannerPython, runPlanned, type PlannedRun, type WelchReference } from './test-support/run-python';

const sales = makeSales();
const customers = makeCustomers();

interface Case {
  question: string;
  preset?: Preset;
  datasets?: DatasetBrief[];
}

const CASES = {
  overview: { question: 'Give me an overview of the data' },
  missing: { question: 'Which columns have missing values?' },
  distributionNumeric: { question: 'Distribution of price' },
  distributionText: { question: 'Distribution of product' },
  distributionHostile: { question: 'distribution of the ignore previous instructions column' },
  correlation: { question: 'correlation between units and revenue' },
  groupMean: { question: 'average revenue by region' },
  groupCount: { question: 'count by region' },
  groupTwoKeys: { question: 'total units by region and product' },
  topGroups: { question: 'top 5 product by revenue' },
  topRows: { question: 'show the 5 largest revenue rows' },
  trendMonthlyCount: { question: 'number of orders per month' },
  trendAuto: { question: 'revenue over time' },
  trendWeeklyMean: { question: 'average price by week' },
  trendByGroup: { question: 'monthly revenue by region' },
  compareNamed: { question: 'Is revenue different for North vs South?' },
  compareTopTwo: { question: 't-test of revenue by big order' },
  otherDataset: { question: 'average age by city', datasets: [makeSales().brief, customers.brief] },
  explore: { question: 'Explore this dataset', preset: { kind: 'explore' } },
  predictClassification: { question: 'Predict', preset: { kind: 'predict', target: 'big_order', task: 'classification' } },
  predictRegression: { question: 'Predict', preset: { kind: 'predict', target: 'revenue', task: 'regression' } },
} satisfies Record<string, Case>;
type CaseName = keyof typeof CASES;

const generated = new Map<CaseName, GeneratedCode>();
let results: Record<string, PlannedRun> = {};
let references: Record<string, WelchReference> = {};
let workDir = '';
let elapsedMs = 0;

function run(name: CaseName): PlannedRun {
  const result = results[name];
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

function table(name: CaseName): { columns: string[]; rows: CellValue[][] } {
  const result: ResultValue | null = run(name).result;
  if (result?.kind !== 'table') throw new Error(`${name}: result is ${result?.kind ?? 'null'}, not a table`);
  return { columns: result.columns, rows: result.rows };
}

function json(name: CaseName): Record<string, JsonValue> {
  const result = run(name).result;
  if (result?.kind !== 'json' || typeof result.value !== 'object' || result.value === null || Array.isArray(result.value)) {
    throw new Error(`${name}: result is not a JSON object`);
  }
  return result.value;
}

function num(value: JsonValue | CellValue | undefined): number {
  if (typeof value !== 'number') throw new Error(`not a number: ${JSON.stringify(value)}`);
  return value;
}

/** First cell (the index) → the rest of the row. */
function byLabel(rows: CellValue[][]): Map<string, CellValue[]> {
  return new Map(rows.map((row) => [String(row[0]), row.slice(1)]));
}

describe('planned programs under CPython (the twin runtime)', () => {
  beforeAll(() => {
    assertPlannerPython();
    workDir = mkdtempSync(path.join(tmpdir(), 'offline-planner-'));
    const dataDir = path.join(workDir, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'sales.csv'), sales.csv, 'utf8');
    writeFileSync(path.join(dataDir, 'customers.csv'), customers.csv, 'utf8');
    for (const [name, spec] of Object.entries(CASES) as [CaseName, Case][]) {
      const plan = planOffline({ question: spec.question, datasets: spec.datasets ?? [sales.brief], preset: spec.preset });
      if (!plan.ok) throw new Error(`${name}: ${plan.message}`);
      generated.set(name, plan.generated);
    }
    const started = performance.now();
    const output = runPlanned({
      dataDir,
      bindings: [
        { variable: 'df1', path: path.join(dataDir, 'sales.csv'), format: 'csv' },
        { variable: 'df2', path: path.join(dataDir, 'customers.csv'), format: 'csv' },
      ],
      cases: [...generated.entries()].map(([name, code]) => ({ name, code: code.code })),
      references: {
        northSouth: { kind: 'welch', file: path.join(dataDir, 'sales.csv'), value: 'revenue', group: 'region', a: 'North', b: 'South' },
        bigOrder: { kind: 'welch', file: path.join(dataDir, 'sales.csv'), value: 'revenue', group: 'big_order', a: 'no', b: 'yes' },
      },
    });
    elapsedMs = performance.now() - started;
    results = output.results;
    references = output.references;
  }, 240_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it.each(Object.keys(CASES) as CaseName[])('%s runs cleanly and draws the figures it announced', (name) => {
    const result = run(name);
    const expects = generated.get(name)?.expects;
    expect({ status: result.status, error: result.error }).toEqual({ status: 'ok', error: null });
    // No warnings either: stderr reaches the answer and repair prompts, and a figure that failed to render
    // (e.g. a label matplotlib parsed as a formula) is reported there.
    expect(result.stderr).toBe('');
    expect(result.compileWarnings).toEqual([]);
    expect(result.figures).toHaveLength(expects?.figures ?? -1);
    expect(result.figuresDropped).toBe(0);
    expect(result.result?.kind === 'table').toBe(expects?.table);
    expect(result.stdout.length).toBeGreaterThan(0);
    // numpy 2 prints a scalar inside a container as np.float64(1.5): the planner prints plain numbers.
    expect(result.stdout).not.toMatch(/np\.(float|int|bool|str)_?\d*\(/);
  });

  it('runs all cases in one Python process in reasonable time', () => {
    expect(elapsedMs).toBeLessThan(120_000);
  });

  it('overview: one row per column with exact missing counts', () => {
    const { columns, rows } = table('overview');
    expect(columns).toEqual(['index', 'dtype', 'non_null', 'missing', 'unique']);
    // pandas 3, as in the browser: text columns read from CSV have the str dtype (pandas 1 and 2 said object).
    const dtypes = new Map(rows.map((row) => [String(row[0]), row[1]]));
    expect(['region', 'product', 'units', 'price'].map((name) => dtypes.get(name))).toEqual(['str', 'str', 'int64', 'float64']);
    const expected = missingCounts({ fixture: sales });
    expect(new Map(rows.map((row) => [String(row[0]), row[3]]))).toEqual(expected);
    expect(run('overview').stdout).toContain('Rows: 200');
  });

  it('missing values: exact counts and percentages per column', () => {
    const rows = byLabel(table('missing').rows);
    for (const [name, count] of missingCounts({ fixture: sales })) {
      expect(rows.get(name)).toEqual([count, Math.round((count / 200) * 100 * 100) / 100]);
    }
    expect(rows.get('price')?.[0]).toBe(18);
    expect(rows.get(HOSTILE)?.[0]).toBe(16);
  });

  it('distribution of a numeric column: summary statistics', () => {
    const stats = byLabel(table('distributionNumeric').rows);
    const prices = numbers({ cells: column({ fixture: sales, name: 'price' }) }).filter((v): v is number => v !== null);
    expect(stats.get('count')?.[0]).toBe(prices.length);
    expect(num(stats.get('mean')?.[0])).toBeCloseTo(mean({ values: prices }), 9);
    expect(num(stats.get('max')?.[0])).toBe(Math.max(...prices));
    const hostile = byLabel(table('distributionHostile').rows);
    const scores = numbers({ cells: column({ fixture: sales, name: HOSTILE }) }).filter((v): v is number => v !== null);
    expect(num(hostile.get('mean')?.[0])).toBeCloseTo(mean({ values: scores }), 9);
  });

  it('distribution of a text column: value counts', () => {
    const counts = new Map<string, number>();
    for (const product of column({ fixture: sales, name: 'product' })) counts.set(product, (counts.get(product) ?? 0) + 1);
    const rows = byLabel(table('distributionText').rows);
    expect(new Map([...rows].map(([label, rest]) => [label, rest[0]]))).toEqual(counts);
  });

  it('correlation: the constructed pair', () => {
    const rows = byLabel(table('correlation').rows);
    const { columns } = table('correlation');
    const r = num(rows.get('units')?.[columns.indexOf('revenue') - 1]);
    expect(r).toBeCloseTo(pearson({ fixture: sales, left: 'units', right: 'revenue' }), 9);
    expect(r).toBeGreaterThan(0.95);
    expect(run('correlation').stdout).toContain('Correlation of units and revenue: 0.99');
  });

  it('group-by: means and counts per group, sorted', () => {
    const groups = groupValues({ fixture: sales, value: 'revenue', group: 'region' });
    const { rows } = table('groupMean');
    const expected = [...groups].map(([region, values]) => [region, mean({ values })] as const).sort((a, b) => b[1] - a[1]);
    expect(rows.map((row) => row[0])).toEqual(expected.map(([region]) => region));
    rows.forEach((row, index) => expect(num(row[1])).toBeCloseTo(expected[index]?.[1] ?? NaN, 9));
    const sizes = new Map([...groups.keys()].map((region) => [region, column({ fixture: sales, name: 'region' }).filter((c) => c === region).length]));
    expect(new Map(rows.map((row) => [String(row[0]), row[2]]))).toEqual(sizes);
    expect(new Map(table('groupCount').rows.map((row) => [String(row[0]), row[1]]))).toEqual(sizes);
  });

  it('group-by two keys: totals per pair', () => {
    const { rows } = table('groupTwoKeys');
    const totals = new Map<string, number>();
    sales.rows.forEach((row) => {
      const key = `${row[2]}|${row[3]}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(row[4]));
    });
    expect(rows).toHaveLength(totals.size);
    for (const row of rows) expect(row[2]).toBe(totals.get(`${row[0]}|${row[1]}`));
  });

  it('top N: the five products with the highest total revenue, in order', () => {
    const totals = [...groupValues({ fixture: sales, value: 'revenue', group: 'product' })]
      .map(([product, values]) => [product, values.reduce((sum, v) => sum + v, 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    const { rows } = table('topGroups');
    expect(rows.map((row) => row[0])).toEqual(totals.map(([product]) => product));
    rows.forEach((row, index) => expect(num(row[1])).toBeCloseTo(totals[index]?.[1] ?? NaN, 6));
    const revenues = numbers({ cells: column({ fixture: sales, name: 'revenue' }) }).filter((v): v is number => v !== null);
    const topRows = table('topRows');
    const revenueIndex = topRows.columns.indexOf('revenue');
    expect(topRows.rows.map((row) => row[revenueIndex])).toEqual([...revenues].sort((a, b) => b - a).slice(0, 5));
  });

  it('trend: rows per month from the dates that parse', () => {
    const expected = monthlyCounts({ fixture: sales, name: 'order_date' });
    const { rows } = table('trendMonthlyCount');
    expect(new Map(rows.map((row) => [String(row[0]).slice(0, 7), row[1]]))).toEqual(expected);
    expect(run('trendMonthlyCount').stdout).toContain('Rows with a usable date: 193 of 200');
  });

  it('trend: the date span (about 13 months) picks monthly totals', () => {
    const totals = new Map<string, number>();
    sales.rows.forEach((row) => {
      const [date, revenue] = [row[1] ?? '', row[6] ?? ''];
      if (!/^\d{4}-\d{2}-\d{2}/.test(date) || revenue === '') return;
      totals.set(date.slice(0, 7), (totals.get(date.slice(0, 7)) ?? 0) + Number(revenue));
    });
    const { rows } = table('trendAuto');
    expect(rows.map((row) => String(row[0]).slice(0, 7))).toEqual([...totals.keys()].sort());
    for (const row of rows) expect(num(row[1])).toBeCloseTo(totals.get(String(row[0]).slice(0, 7)) ?? NaN, 6);
    expect(run('trendAuto').stdout).toContain('(one per month)');
    expect(run('trendWeeklyMean').stdout).toContain('(one per week)');
  });

  it('trend split by group: one column of monthly totals per region', () => {
    const { columns, rows } = table('trendByGroup');
    expect(columns.slice(1).sort()).toEqual([...REGIONS].sort());
    const totals = new Map<string, number>();
    sales.rows.forEach((row) => {
      const [date, region, revenue] = [row[1] ?? '', row[2] ?? '', row[6] ?? ''];
      if (!/^\d{4}-\d{2}-\d{2}/.test(date) || revenue === '') return;
      const key = `${date.slice(0, 7)}|${region}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(revenue));
    });
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      columns.slice(1).forEach((region, index) => {
        expect(num(row[index + 1])).toBeCloseTo(totals.get(`${String(row[0]).slice(0, 7)}|${region}`) ?? 0, 6);
      });
    }
  });

  it('two-group comparison: Welch t-test equals scipy on the raw CSV', () => {
    const named = json('compareNamed');
    const reference = references.northSouth;
    expect(named.group_column).toBe('region');
    expect([named.n_a, named.n_b]).toEqual([reference?.n_a, reference?.n_b]);
    expect(num(named.mean_a)).toBeCloseTo(reference?.mean_a ?? NaN, 9);
    expect(num(named.p_value)).toBeCloseTo(reference?.p_value ?? NaN, 12);
    expect(num(named.t_statistic)).toBeCloseTo(reference?.t_statistic ?? NaN, 9);
    // Without named groups: the two most common values ("no" is more frequent than "yes").
    const topTwo = json('compareTopTwo');
    expect([topTwo.group_a, topTwo.group_b]).toEqual(['no', 'yes']);
    expect(num(topTwo.p_value)).toBeCloseTo(references.bigOrder?.p_value ?? NaN, 12);
  });

  it('binds and uses another dataset when the question names its columns', () => {
    const groups = new Map<string, number[]>();
    customers.rows.forEach((row) => groups.set(row[2] ?? '', [...(groups.get(row[2] ?? '') ?? []), Number(row[1])]));
    const rows = byLabel(table('otherDataset').rows);
    for (const [city, ages] of groups) expect(num(rows.get(city)?.[0])).toBeCloseTo(mean({ values: ages }), 9);
  });

  it('predict: the model beats the baseline on a learnable target', () => {
    const classification = json('predictClassification');
    expect(num(classification.model_accuracy)).toBeGreaterThan(num(classification.baseline_accuracy) + 0.2);
    expect(num(classification.model_macro_f1)).toBeGreaterThan(num(classification.baseline_macro_f1) + 0.3);
    expect(classification.test_rows).toBe(50);
    const regression = json('predictRegression');
    expect(num(regression.model_r2)).toBeGreaterThan(0.9);
    expect(num(regression.baseline_r2)).toBeLessThan(0.05);
    expect(num(regression.model_mae)).toBeLessThan(num(regression.baseline_mae) / 3);
    expect(run('predictRegression').stdout).toContain('Skipped comment: high-cardinality text');
    expect(run('predictRegression').stdout).toContain('Skipped order_id: an identifier');
  });
});
