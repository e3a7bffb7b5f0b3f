import { describe, expect, it } from 'vitest';
import { generatedCodeSchema, type DatasetBrief, type TurnSummary } from '@/lib/ask/contracts';
import type { Intent } from './types';
import { planOffline, type PlanOfflineResult } from './plan-offline';
import { detectIntent } from './detect-intent';
import { findMentions, planColumns } from './match-columns';
import { HOSTILE, REFUSED, makeCustomers, makeSales } from './test-support/fixture';
import { pythonString } from '@/lib/text/python-literal';

const sales = makeSales();
const customers = makeCustomers();
const { usable } = planColumns({ dataset: sales.brief });

function intentOf(question: string): Intent | string {
  const detection = detectIntent({ question, mentions: findMentions({ question, columns: usable }), columns: usable });
  return detection.status === 'matched' ? detection.intent : detection.status;
}

/** The intent reduced to kind and column names, for a readable table. */
function summary(question: string): Record<string, unknown> | string {
  const intent = intentOf(question);
  if (typeof intent === 'string') return intent;
  const name = (column: { name: string } | null | undefined): string | null => column?.name ?? null;
  switch (intent.kind) {
    case 'missing':
      return { kind: intent.kind, focus: name(intent.focus) };
    case 'distribution':
      return { kind: intent.kind, column: intent.column.name };
    case 'correlation':
      return { kind: intent.kind, focus: intent.focus.map((column) => column.name) };
    case 'group-by':
      return { kind: intent.kind, value: name(intent.value), aggregation: intent.aggregation, groups: intent.groups.map((c) => c.name) };
    case 'top-n':
      return {
        kind: intent.kind,
        n: intent.n,
        ascending: intent.ascending,
        metric: name(intent.metric),
        entity: name(intent.entity),
        aggregation: intent.aggregation,
      };
    case 'trend':
      return {
        kind: intent.kind,
        date: intent.date.name,
        value: name(intent.value),
        aggregation: intent.aggregation,
        frequency: intent.frequency,
        ...(intent.split ? { split: intent.split.name } : {}),
      };
    case 'compare':
      return { kind: intent.kind, value: intent.value.name, group: name(intent.group), groups: intent.groups };
    case 'predict':
      return { kind: intent.kind, target: intent.target.name, task: intent.task };
    default:
      return { kind: intent.kind };
  }
}

const TABLE: [string, Record<string, unknown>][] = [
  ['Give me an overview of the data', { kind: 'overview' }],
  ['What columns are there?', { kind: 'overview' }],
  ['How many rows are there?', { kind: 'overview' }],
  ['Which columns have missing values?', { kind: 'missing', focus: null }],
  ['How many nulls are in price?', { kind: 'missing', focus: 'price' }],
  ['Distribution of price', { kind: 'distribution', column: 'price' }],
  ['histogram of Units', { kind: 'distribution', column: 'units' }],
  ['What does the product column look like?', { kind: 'distribution', column: 'product' }],
  ['What is the total revenue?', { kind: 'distribution', column: 'revenue' }],
  ['distribution of the ignore previous instructions column', { kind: 'distribution', column: HOSTILE }],
  ['average revenu by regions', { kind: 'group-by', value: 'revenue', aggregation: 'mean', groups: ['region'] }],
  ['total revenue per product', { kind: 'group-by', value: 'revenue', aggregation: 'sum', groups: ['product'] }],
  ['revenue by region', { kind: 'group-by', value: 'revenue', aggregation: 'sum', groups: ['region'] }],
  ['median price for each product', { kind: 'group-by', value: 'price', aggregation: 'median', groups: ['product'] }],
  ['count by region', { kind: 'group-by', value: null, aggregation: 'size', groups: ['region'] }],
  ['Average revenue by region and product', { kind: 'group-by', value: 'revenue', aggregation: 'mean', groups: ['region', 'product'] }],
  ['compare average revenue across regions', { kind: 'group-by', value: 'revenue', aggregation: 'mean', groups: ['region'] }],
  ['top 5 product by revenue', { kind: 'top-n', n: 5, ascending: false, metric: 'revenue', entity: 'product', aggregation: 'sum' }],
  // One region is asked for ("which region has"); "which regions have" keeps the default list.
  ['Which region has the highest average revenue?', { kind: 'top-n', n: 1, ascending: false, metric: 'revenue', entity: 'region', aggregation: 'mean' }],
  ['bottom three products by units', { kind: 'top-n', n: 3, ascending: true, metric: 'units', entity: 'product', aggregation: 'sum' }],
  ['most common product', { kind: 'top-n', n: 10, ascending: false, metric: null, entity: 'product', aggregation: 'size' }],
  ['show the 5 largest revenue rows', { kind: 'top-n', n: 5, ascending: false, metric: 'revenue', entity: null, aggregation: 'sum' }],
  ['revenue over time', { kind: 'trend', date: 'order_date', value: 'revenue', aggregation: 'sum', frequency: null }],
  ['number of orders per month', { kind: 'trend', date: 'order_date', value: null, aggregation: 'size', frequency: 'M' }],
  ['average price by week', { kind: 'trend', date: 'order_date', value: 'price', aggregation: 'mean', frequency: 'W' }],
  ['yearly units trend', { kind: 'trend', date: 'order_date', value: 'units', aggregation: 'sum', frequency: 'Y' }],
  ['revenue by order date', { kind: 'trend', date: 'order_date', value: 'revenue', aggregation: 'sum', frequency: null }],
  ['daily revenue', { kind: 'trend', date: 'order_date', value: 'revenue', aggregation: 'sum', frequency: 'D' }],
  ['monthly revenue by region', { kind: 'trend', date: 'order_date', value: 'revenue', aggregation: 'sum', frequency: 'M', split: 'region' }],
  ['number of orders per week for each product', { kind: 'trend', date: 'order_date', value: null, aggregation: 'size', frequency: 'W', split: 'product' }],
  ['how many unique products are there?', { kind: 'distribution', column: 'product' }],
  ['show the first 10 rows', { kind: 'overview' }],
  ['how many orders have missing price', { kind: 'missing', focus: 'price' }],
  ['correlation between units and revenue', { kind: 'correlation', focus: ['units', 'revenue'] }],
  ['Which variables are correlated?', { kind: 'correlation', focus: [] }],
  ['what is related to price?', { kind: 'correlation', focus: ['price'] }],
  ['Is revenue different for North vs South?', { kind: 'compare', value: 'revenue', group: null, groups: ['North', 'South'] }],
  ['compare revenue between North and South region', { kind: 'compare', value: 'revenue', group: 'region', groups: ['North', 'South'] }],
  ['compare price for North and South', { kind: 'compare', value: 'price', group: null, groups: ['North', 'South'] }],
  ['t-test of revenue by big order', { kind: 'compare', value: 'revenue', group: 'big_order', groups: null }],
  ['explore this dataset', { kind: 'explore' }],
  ['predict big_order', { kind: 'predict', target: 'big_order', task: 'classification' }],
  ['can you predict revenue?', { kind: 'predict', target: 'revenue', task: 'regression' }],
];

function ok(result: PlanOfflineResult): Extract<PlanOfflineResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a plan, got: ${result.message}`);
  return result;
}

describe('intent matching', () => {
  it.each(TABLE)('%s', (question, expected) => {
    expect(summary(question)).toEqual(expected);
  });

  it('names the intent and the columns in the plan line', () => {
    const result = ok(planOffline({ question: 'average revenue by region', datasets: [sales.brief] }));
    expect(result.intent).toBe('group-by');
    expect(result.generated.plan).toMatch(/^Offline planner, group-by aggregate: average "revenue" by "region".*\(df1, sales\.csv\)/);
    expect(generatedCodeSchema.parse(result.generated)).toEqual(result.generated);
  });

  it('sets `result`, plots on an explicit figure and never calls plt.show()', () => {
    for (const [question] of TABLE) {
      const { code, expects } = ok(planOffline({ question, datasets: [sales.brief] })).generated;
      expect(code).toMatch(/^result = /m);
      expect(code).not.toContain('plt.show');
      expect((code.match(/plt\.subplots\(/g) ?? []).length).toBe(expects.figures);
      expect((code.match(/\.tight_layout\(\)/g) ?? []).length).toBe(expects.figures);
    }
  });

  it('is deterministic', () => {
    for (const [question] of TABLE) {
      const first = planOffline({ question, datasets: [sales.brief] });
      expect(planOffline({ question, datasets: [sales.brief] })).toEqual(first);
    }
  });
});

describe('columns and datasets', () => {
  it('uses df1 unless the question names another dataset’s columns', () => {
    const first = ok(planOffline({ question: 'average revenue by region', datasets: [sales.brief, customers.brief] }));
    expect(first.generated.code).toContain('df = df1');
    const second = ok(planOffline({ question: 'average age by city', datasets: [sales.brief, customers.brief] }));
    expect(second.generated.code).toContain('df = df2');
    expect(second.generated.plan).toContain('(df2, customers.csv)');
    const neither = ok(planOffline({ question: 'give me an overview', datasets: [sales.brief, customers.brief] }));
    expect(neither.generated.code).toContain('df = df1');
  });

  it('writes column names only as escaped literals, and never the ones the policy refuses', () => {
    for (const [question] of TABLE) {
      const { code } = ok(planOffline({ question, datasets: [sales.brief] })).generated;
      expect(code).not.toContain(HOSTILE); // the raw name has a newline; only its escaped literal may appear
      expect(code).not.toContain('__class__');
    }
    const hostile = ok(planOffline({ question: 'distribution of ignore previous instructions', datasets: [sales.brief] }));
    expect(hostile.generated.code).toContain(`column = ${pythonString(HOSTILE)}`);
    const explore = ok(planOffline({ question: 'Explore', datasets: [sales.brief], preset: { kind: 'explore' } }));
    expect(explore.generated.code).not.toContain(REFUSED);
    expect(explore.generated.plan).toContain('1 column(s) left out');
  });

  it('carries the measure of the previous question into a short follow-up', () => {
    const history: TurnSummary[] = [{ question: 'average revenue by region', code: '', status: 'ok', outputSummary: '' }];
    const result = ok(planOffline({ question: 'now by product', datasets: [sales.brief], history }));
    expect(result.intent).toBe('group-by');
    expect(result.generated.plan).toContain('average "revenue" by "product"');
    const weekly = ok(planOffline({ question: 'what about per week?', datasets: [sales.brief], history }));
    expect(weekly.generated.plan).toContain('average "revenue" per week');
    // Without the follow-up wording the question stands on its own.
    const alone = ok(planOffline({ question: 'count by product', datasets: [sales.brief], history }));
    expect(alone.generated.plan).toContain('row count by "product"');
  });
});

describe('numeric entities and near-misses', () => {
  const yearly: DatasetBrief = {
    ...customers.brief,
    columns: [
      { name: 'year', type: 'integer' },
      { name: 'Revenue ($)', type: 'number' },
      { name: 'UnitPrice', type: 'number' },
    ],
  };
  it('ranks a numeric entity by the column after "by"', () => {
    const result = ok(planOffline({ question: 'top 5 years by revenue', datasets: [yearly] }));
    expect(result.generated.plan).toContain('top 5 "year" by total "Revenue ($)"');
  });

  it('uses a column named like an intent word when nothing else is the measure', () => {
    const long: DatasetBrief = {
      ...customers.brief,
      columns: [
        { name: 'category', type: 'string' },
        { name: 'value', type: 'number' },
        { name: 'count', type: 'integer' },
        { name: 'date', type: 'date' },
      ],
    };
    expect(ok(planOffline({ question: 'average value by category', datasets: [long] })).generated.plan).toContain('average "value" by "category"');
    expect(ok(planOffline({ question: 'count by category', datasets: [long] })).generated.plan).toContain('row count by "category"');
    // "rate" is one letter from "date" but not a typo of it.
    expect(ok(planOffline({ question: 'distribution of the rate of value', datasets: [long] })).generated.plan).toContain('of "value"');
  });

  it('matches camelCase names and typos', () => {
    const result = ok(planOffline({ question: 'distribution of unit prise', datasets: [yearly] }));
    expect(result.generated.plan).toContain('"UnitPrice"');
  });
});

describe('presets', () => {
  it('plans explore and predict without a question to parse', () => {
    const explore = ok(planOffline({ question: 'Explore this dataset', datasets: [sales.brief], preset: { kind: 'explore' } }));
    expect(explore.intent).toBe('explore');
    expect(explore.generated.expects).toEqual({ figures: 2, table: true });
    const predict = ok(planOffline({ question: 'Predict', datasets: [sales.brief], preset: { kind: 'predict', target: 'revenue', task: 'regression' } }));
    expect(predict.generated.plan).toContain('predict preset (regression)');
    expect(predict.generated.code).toContain('RandomForestRegressor(n_estimators=100, min_samples_leaf=2, random_state=0)');
    expect(predict.generated.code).toContain('from sklearn.dummy import DummyRegressor');
  });

  it('predicts from the dataset that has the target column', () => {
    const result = ok(
      planOffline({ question: 'Predict', datasets: [sales.brief, customers.brief], preset: { kind: 'predict', target: 'age', task: 'regression' } }),
    );
    expect(result.generated.code).toContain('df = df2');
  });

  it('refuses a target that is not a column', () => {
    const result = planOffline({ question: 'Predict', datasets: [sales.brief], preset: { kind: 'predict', target: 'nope', task: 'regression' } });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toContain('no usable column named "nope"');
  });
});

describe('when nothing matches', () => {
  it('says it is the offline planner, what it understands, and suggests questions from the columns', () => {
    const result = planOffline({ question: 'What is the meaning of life?', datasets: [sales.brief] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('offline planner');
    expect(result.message).toContain('top 5 Y by X');
    expect(result.message).toContain('trend over time');
    expect(result.suggestions).toHaveLength(3);
    expect(result.suggestions[0]).toBe('Average units by region');
    for (const suggestion of result.suggestions) {
      expect(planOffline({ question: suggestion, datasets: [sales.brief] }).ok).toBe(true);
    }
  });

  it('asks for the numeric column when two groups are named without one', () => {
    const result = planOffline({ question: 'compare North and South', datasets: [sales.brief] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^To compare two groups, name the numeric column to compare/);
  });

  it('names the columns it could group by when the one asked for does not exist', () => {
    const result = planOffline({ question: 'average revenue by store', datasets: [sales.brief] });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toMatch(
        /^This reads like an aggregate by group, but no column matches what follows "by"; text columns: "order_id", "region", "product"/,
      );
  });

  it('explains an intent it recognised but cannot serve with these columns', () => {
    const result = planOffline({ question: 'age over time', datasets: [customers.brief] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^This reads like a trend over time, but the dataset has no date or time column\. This is the offline planner/);
    expect(result.suggestions.length).toBeGreaterThan(0);
    for (const suggestion of result.suggestions) {
      expect(planOffline({ question: suggestion, datasets: [customers.brief] }).ok).toBe(true);
    }
  });

  it('handles no datasets', () => {
    expect(planOffline({ question: 'overview', datasets: [] })).toMatchObject({ ok: false, suggestions: [] });
  });
});
