import { describe, expect, it } from 'vitest';
import type { ResultValue } from '@/workers/kernel-protocol';
import { checkAnswer } from './answer-checks';
import { briefOf } from './test-support/eval-schemas';

const crime = briefOf({ key: 'statecrime', columns: ['state:string', 'murder:number', 'poverty:number', 'urban:number'] });
const fair = briefOf({ key: 'fair', columns: ['age:number', 'children:number', 'religious:integer', 'affairs:number'] });
const firms = briefOf({ key: 'grunfeld', columns: ['invest:number', 'value:number', 'firm:string', 'year:integer'] });

function table(rows: (string | number)[][], columns = ['label', 'value']): ResultValue {
  return {
    kind: 'table',
    source: 'dataframe',
    columns,
    dtypes: columns.map(() => 'object'),
    rows,
    totalRows: rows.length,
    totalColumns: columns.length,
    truncated: false,
  };
}
const scalar = (value: number): ResultValue => ({ kind: 'scalar', value, pyType: 'float', truncated: false });
const statuses = (args: Parameters<typeof checkAnswer>[0]) => Object.fromEntries(checkAnswer(args).map((outcome) => [outcome.id, outcome.status]));
const rows = (count: number) => Array.from({ length: count }, (_, index) => [`S${index}`, 20 - index]);

describe('row count', () => {
  const code = "result = df1.nlargest(5, 'murder')[['state', 'murder']]";
  it('passes a "top 5" with 5 rows and fails one with 10, saying both numbers', () => {
    expect(
      statuses({ question: 'Which 5 states have the highest murder rate?', code, run: { stdout: '', result: table(rows(5)) }, datasets: [crime] })['row-count'],
    ).toBe('pass');
    const [outcome] = checkAnswer({
      question: 'Which 5 states have the highest murder rate?',
      code,
      run: { stdout: '', result: table(rows(10)) },
      datasets: [crime],
    });
    expect(outcome).toMatchObject({ id: 'row-count', status: 'fail' });
    expect(outcome?.message).toContain('asks for 5 but the result is a table of 10 rows');
  });
  it('reads number words, "top N", "the N highest" and a single winner', () => {
    for (const [question, count] of [
      ['top three states by murder', 3],
      ['the 4 highest murder rates', 4],
      ['Which state has the highest murder rate?', 1],
      ['top 2 by poverty', 2],
    ] as const) {
      expect(statuses({ question, code, run: { stdout: '', result: table(rows(count + 1)) }, datasets: [crime] })['row-count']).toBe('fail');
      expect(statuses({ question, code, run: { stdout: '', result: table(rows(count)) }, datasets: [crime] })['row-count']).toBe('pass');
    }
  });
  it('does not read percentiles, ordinals or "last N" as a row count', () => {
    for (const question of ['top 5% of states by murder', 'the 90th percentile of murder', 'murder over the last 5 years']) {
      expect(statuses({ question, code, run: { stdout: '', result: table(rows(7)) }, datasets: [crime] })['row-count']).toBeUndefined();
    }
  });
  it('says nothing without a result to count', () => {
    expect(statuses({ question: 'top 5 states by murder', code, run: { stdout: 'x', result: null }, datasets: [crime] })['row-count']).toBeUndefined();
  });
});

describe('one row per group', () => {
  const code = "result = df1.groupby('religious')['affairs'].mean()";
  const question = 'average affairs by religious';
  /** The check's verdict on a result of mean affairs per religious value. */
  const verdict = (result: ResultValue, distinctCounts?: Record<string, number>) =>
    statuses({ question, code, run: { stdout: '', result }, datasets: [fair], ...(distinctCounts ? { distinctCounts } : {}) })['one-row-per-group'];
  it('passes distinct group labels and fails repeated ones or a single value', () => {
    expect(
      verdict(
        table(
          [
            [1, 0.5],
            [2, 0.7],
          ],
          ['religious', 'affairs'],
        ),
      ),
    ).toBe('pass');
    expect(
      verdict(
        table(
          [
            [1, 0.5],
            [1, 0.7],
          ],
          ['religious', 'affairs'],
        ),
      ),
    ).toBe('fail');
    expect(verdict(scalar(0.6))).toBe('fail');
  });
  it('uses a known distinct count of the grouping column', () => {
    const result = table(
      [
        [1, 0.5],
        [2, 0.7],
        [3, 0.1],
        [4, 0.2],
      ],
      ['religious', 'affairs'],
    );
    expect(verdict(result, { religious: 3 })).toBe('fail');
    expect(verdict(result, { religious: 4 })).toBe('pass');
  });
});

describe('a single number for "how many"', () => {
  const code = "result = int((df1['poverty'] > 15).sum())";
  const question = 'How many states have poverty above 15?';
  it('passes a scalar or a printed count, fails a long table with no count printed', () => {
    expect(statuses({ question, code, run: { stdout: '', result: scalar(11) }, datasets: [crime] })['single-number']).toBe('pass');
    expect(statuses({ question, code, run: { stdout: 'Rows where poverty > 15: 11', result: table(rows(11)) }, datasets: [crime] })['single-number']).toBe(
      'pass',
    );
    expect(statuses({ question, code, run: { stdout: '', result: table(rows(11)) }, datasets: [crime] })['single-number']).toBe('fail');
  });
});

describe('columns named in the question', () => {
  it('finds exact, spaced, misspelled and abbreviated names in the code', () => {
    const brief = briefOf({ key: 'm', columns: ['realgdp:number', 'unemp:number', 'petal_length:number', 'year:integer'] });
    const code = "x = df1['realgdp'].corr(df1['unemp'])\ny = df1.petal_length.mean()";
    expect(statuses({ question: 'Is real GDP correlated with unemployment?', code, run: { stdout: '', result: null }, datasets: [brief] }).columns).toBe(
      'pass',
    );
    expect(statuses({ question: 'average petal length', code, run: { stdout: '', result: null }, datasets: [brief] }).columns).toBe('pass');
    const [outcome] = checkAnswer({
      question: 'unemployment per year',
      code: "result = df1.groupby('year').size()",
      run: { stdout: '', result: null },
      datasets: [brief],
    });
    expect(outcome).toMatchObject({ id: 'columns', status: 'fail' });
    expect(outcome?.message).toContain('"unemployment" (`unemp`)');
  });
  it('does not count a column quoted only in a print() or a comment', () => {
    const code = "# uses 'murder'\nprint('Read \"murder\" as the column')\nresult = len(df1)";
    expect(statuses({ question: 'distribution of murder', code, run: { stdout: '', result: null }, datasets: [crime] }).columns).toBe('fail');
  });
  it('does not require the population noun ("of states with …")', () => {
    const code = "df = df1[df1['murder'] > 10]\nresult = df['poverty'].mean()";
    expect(statuses({ question: 'average poverty of states with murder above 10', code, run: { stdout: '', result: scalar(1) }, datasets: [crime] })).toEqual({
      columns: 'pass',
      conditions: 'pass',
      measure: 'pass',
    });
  });
  it('does not read "rate" as a `date` column (a misspelling keeps its first letter)', () => {
    const brief = briefOf({ key: 'd', columns: ['date:date', 'sales:number'] });
    expect(
      statuses({
        question: 'what is the growth rate of sales',
        code: "result = df1['sales'].pct_change()",
        run: { stdout: '', result: null },
        datasets: [brief],
      }).columns,
    ).toBe('pass');
  });
});

describe('conditions stated in the question', () => {
  it('passes a threshold compared in the code and fails one that appears only as another literal', () => {
    const question = 'average affairs for women older than 30';
    expect(
      statuses({ question, code: "df = df1[df1['age'] > 30]\nresult = df['affairs'].mean()", run: { stdout: '', result: scalar(1) }, datasets: [fair] })
        .conditions,
    ).toBe('pass');
    expect(
      statuses({ question, code: "df = df1[df1.age.gt(30)]\nresult = df['affairs'].mean()", run: { stdout: '', result: scalar(1) }, datasets: [fair] })
        .conditions,
    ).toBe('pass');
    const dropped = checkAnswer({
      question,
      code: "fig, ax = plt.subplots(figsize=(30, 4))\nresult = df1['affairs'].mean()",
      run: { stdout: '', result: scalar(1) },
      datasets: [fair],
    });
    expect(dropped.find((outcome) => outcome.id === 'conditions')).toMatchObject({ status: 'fail', message: expect.stringContaining('"older than 30"') });
  });
  it('checks years ("in 2008") and text values ("for General Motors")', () => {
    expect(
      statuses({
        question: 'total invest in 2008',
        code: "result = df1[df1['year'] == 2008]['invest'].sum()",
        run: { stdout: '', result: scalar(1) },
        datasets: [firms],
      }).conditions,
    ).toBe('pass');
    expect(
      statuses({ question: 'total invest in 2008', code: "result = df1['invest'].sum()", run: { stdout: '', result: scalar(1) }, datasets: [firms] })
        .conditions,
    ).toBe('fail');
    expect(
      statuses({
        question: 'average invest by year for General Motors',
        code: "df = df1[df1['firm'] == 'General Motors']\nresult = df.groupby('year')['invest'].mean()",
        run: { stdout: '', result: null },
        datasets: [firms],
      }).conditions,
    ).toBe('pass');
    expect(
      statuses({
        question: 'average invest by year for General Motors',
        code: "result = df1.groupby('year')['invest'].mean()",
        run: { stdout: '', result: null },
        datasets: [firms],
      }).conditions,
    ).toBe('fail');
  });
  it('does not take a column written in capitals for a value', () => {
    const brief = briefOf({ key: 'l', columns: ['UNEMP:integer', 'GNP:integer'] });
    expect(
      statuses({
        question: 'correlation between unemployment and GNP',
        code: "result = df1['UNEMP'].corr(df1['GNP'])",
        run: { stdout: '', result: scalar(0.5) },
        datasets: [brief],
      }).conditions,
    ).toBeUndefined();
  });
});

describe('measure', () => {
  it('fails a row count where an average or a total was asked', () => {
    expect(
      statuses({ question: 'average invest by firm', code: "result = df1.groupby('firm').size()", run: { stdout: '', result: null }, datasets: [firms] })
        .measure,
    ).toBe('fail');
    expect(
      statuses({ question: 'total value per firm', code: "result = df1.groupby('firm')['value'].sum()", run: { stdout: '', result: null }, datasets: [firms] })
        .measure,
    ).toBe('pass');
  });
  it('reads "how many … in total" as a count, not a sum', () => {
    expect(
      statuses({ question: 'how many firms in total', code: "result = df1['firm'].nunique()", run: { stdout: '', result: scalar(10) }, datasets: [firms] })
        .measure,
    ).toBeUndefined();
  });
});

describe('percentages', () => {
  const brief = briefOf({ key: 'p', columns: ['region:string', 'sales:number'] });
  it('fails fractions shown as percentages and passes scaled values', () => {
    const question = 'percentage of sales by region';
    const fractions = table(
      [
        ['North', 0.4],
        ['South', 0.6],
      ],
      ['region', 'share'],
    );
    expect(
      statuses({
        question,
        code: "result = df1.groupby('region')['sales'].sum() / df1['sales'].sum()",
        run: { stdout: '', result: fractions },
        datasets: [brief],
      }).percent,
    ).toBe('fail');
    const scaled = table(
      [
        ['North', 40],
        ['South', 60],
      ],
      ['region', 'percent'],
    );
    expect(
      statuses({
        question,
        code: "result = df1.groupby('region')['sales'].sum() / df1['sales'].sum() * 100",
        run: { stdout: '', result: scaled },
        datasets: [brief],
      }).percent,
    ).toBe('pass');
  });
  it('reads only the percentage column of a table that also has counts', () => {
    const mixed = table(
      [
        ['North', 400, 40],
        ['South', 600, 60],
      ],
      ['region', 'count', 'percent'],
    );
    expect(
      statuses({ question: 'percentage of rows per region', code: 'result = t * 100', run: { stdout: '', result: mixed }, datasets: [brief] }).percent,
    ).toBe('pass');
  });
});

it('says nothing about a question it cannot read anything from', () => {
  expect(
    checkAnswer({ question: 'Give me an overview of the data', code: 'result = df1.describe()', run: { stdout: '', result: null }, datasets: [crime] }),
  ).toEqual([]);
});

describe('plain Python and follow-ups', () => {
  const orders = briefOf({ key: 'o', columns: ['region:string', 'units:integer'] });
  it('reads an accumulated total as a sum', () => {
    const code = 'totals = {}\nfor row in rows:\n    totals[row["region"]] = totals.get(row["region"], 0) + int(row["units"])\nresult = totals';
    expect(statuses({ question: 'What are the total units per region?', code, run: { stdout: '', result: null }, datasets: [orders] })).toMatchObject({
      columns: 'pass',
      measure: 'pass',
    });
  });
  it("counts a column named by an earlier question's code in a follow-up", () => {
    const code = 'best = max(totals, key=totals.get)\nresult = best';
    const question = 'Which region has the most units?';
    const run = { stdout: '', result: { kind: 'scalar', value: 'North', pyType: 'str', truncated: false } as const };
    expect(statuses({ question, code, run, datasets: [orders] }).columns).toBe('fail');
    expect(statuses({ question, code, run, datasets: [orders], earlierCode: 'totals[row["region"]] += int(row["units"])' })).toEqual({
      'row-count': 'pass',
      columns: 'pass',
    });
  });
});

it('does not require calendar words or a title-cased "The" as text values', () => {
  const brief = briefOf({ key: 's', columns: ['region:string', 'month:integer', 'sales:number'] });
  const code = "df = df1[(df1['month'] == 1) & (df1['region'] == 'North')]\nresult = df['sales'].sum()";
  expect(statuses({ question: 'Total sales in January for The North', code, run: { stdout: '', result: null }, datasets: [brief] }).conditions).toBe('pass');
  expect(statuses({ question: 'Total sales in January for The South', code, run: { stdout: '', result: null }, datasets: [brief] }).conditions).toBe('fail');
});
