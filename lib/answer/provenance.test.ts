import { describe, expect, it } from 'vitest';
import { createNumberMatcher, matchNumbers, provenanceOutputsFromRun } from './provenance';
import type { ProvenanceOutputs } from './provenance-outputs';

const outputs: ProvenanceOutputs = {
  stdout: [
    'Total revenue: 1234567.891',
    'Average order value: 12.3456',
    'Return rate: 0.4512',
    'Growth (%): 45.0',
    'Change vs last year: -3.2',
    'Tiny p-value: 1.23e-05',
    'Orders: 10523',
    'Rows: 2024',
  ].join('\n'),
  tables: [
    {
      label: 'the result table',
      columns: ['Region', 'Revenue', 'Share'],
      rows: [
        ['North', 500000.5, 0.405],
        ['South', 400000.25, '32.4%'],
      ],
    },
  ],
};

function only(markdown: string) {
  const spans = matchNumbers({ markdown, outputs });
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('matchNumbers', () => {
  it.each([
    ['an exact decimal', 'The average is 12.3456.', 'stdout', true],
    ['a rounded decimal', 'The average is 12.3.', 'stdout', false],
    ['a rounded integer', 'About 12 per order.', 'stdout', false],
    ['thousands separators', 'Revenue was 1,234,567.89 in total.', 'stdout', false],
    ['a percentage of a fraction', 'Returns were 45.1% of orders.', 'stdout', false],
    ['a percentage with decimals of a fraction', 'Returns were 45.12%.', 'stdout', true],
    ['a percentage of a percentage number', 'Growth was 45 %.', 'stdout', true],
    ['a negative number', 'It changed by -3.2 points.', 'stdout', true],
    ['a Unicode minus', 'It changed by −3.2 points.', 'stdout', true],
    ['a sign dropped in prose', 'It fell by 3.2 points.', 'stdout', true],
    ['scientific notation', 'p = 1.23e-5.', 'stdout', true],
    ['a magnitude suffix', 'Revenue was about 1.2M.', 'stdout', false],
    ['a magnitude word', 'Revenue was 1.23 million.', 'stdout', false],
    ['a rounded large integer', 'About 10,500 orders.', 'stdout', false],
    ['a table cell', 'North made 500,000.5.', 'table', true],
    ['a percentage string cell', 'South had 32.4% of revenue.', 'table', true],
    ['a currency sign', 'North made $500,000.50.', 'table', true],
  ])('matches %s', (_name, markdown, output, exact) => {
    const span = only(markdown);
    expect(span.status).toBe('matched');
    expect(span.source?.output).toBe(output);
    expect(span.source?.exact).toBe(exact);
  });

  it.each([
    ['a number not in the outputs', 'Profit was 777.7.'],
    ['a wrong rounding', 'The average is 12.4.'],
    ['a wrong percentage', 'Returns were 47%.'],
    ['a round number that is not a rounding', 'About 100 orders.'],
  ])('flags %s', (_name, markdown) => {
    expect(only(markdown)).toMatchObject({ status: 'unmatched' });
  });

  it.each([
    ['figure references', 'See Figure 1 and Fig. 2 and Table 3.'],
    ['identifiers glued to letters', 'df1 has Q3 data for H2O and the 5th row.'],
    ['list markers', '1. First\n2) Second'],
    ['dates and times', 'From 2023-01-05 to 03/04/2024 at 12:30.'],
    ['code spans and blocks', 'Run `df1.head(10)`.\n\n```python\nx = 42\n```'],
    ['link targets', 'See [the docs](https://example.com/v2/page7).'],
    ['a bare year absent from the outputs', 'In 2019 things changed.'],
    ['attempt numbers', 'This is attempt 2, and #3 is next.'],
  ])('ignores %s', (_name, markdown) => {
    expect(matchNumbers({ markdown, outputs })).toEqual([]);
  });

  it('keeps a bare year that is an output number', () => {
    expect(only('It has 2024 rows.')).toMatchObject({ status: 'matched', source: { exact: true } });
  });

  it('reports offsets, the value and a snippet of the source line', () => {
    const markdown = 'Average: **12.35** per order';
    const span = only(markdown);
    expect(markdown.slice(span.start, span.end)).toBe('12.35');
    expect(span.value).toBe(12.35);
    expect(span.source).toMatchObject({ label: 'the printed output', snippet: 'Average order value: 12.3456' });
  });

  it('reports a table row as the snippet', () => {
    expect(only('South: 400,000.25').source?.snippet).toBe('Region: South, Revenue: 400000.25, Share: 32.4%');
  });

  it('finds every number of a longer answer', () => {
    const spans = matchNumbers({
      markdown: '### Key findings\n- Revenue: 1.23M (Figure 1)\n- Average 12.35, returns 45%\n- Made-up: 99.9',
      outputs,
    });
    expect(spans.map((span) => [span.text, span.status])).toEqual([
      ['1.23M', 'matched'],
      ['12.35', 'matched'],
      ['45%', 'matched'],
      ['99.9', 'unmatched'],
    ]);
  });
});

describe('createNumberMatcher and provenanceOutputsFromRun', () => {
  it('matches text after text against outputs indexed once', () => {
    const match = createNumberMatcher({ outputs });
    expect(match('Average 12.35').map((span) => [span.start, span.status])).toEqual([[8, 'matched']]);
    expect(match('Invented 31.7').map((span) => span.status)).toEqual(['unmatched']);
  });

  it('reads a table result and the printed output as sources', () => {
    const match = createNumberMatcher({
      outputs: provenanceOutputsFromRun({
        result: {
          stdout: 'mean: 3.14159\n',
          result: { kind: 'table', source: 'dataframe', columns: ['a'], dtypes: ['int64'], rows: [[42]], totalRows: 1, totalColumns: 1, truncated: false },
        },
      }),
    });
    expect(match('Mean 3.14, count 42, invented 7.5').map((span) => [span.text, span.status, span.source?.output, span.source?.exact])).toEqual([
      ['3.14', 'matched', 'stdout', false],
      ['42', 'matched', 'table', true],
      ['7.5', 'unmatched', undefined, undefined],
    ]);
  });

  it('reads scalar and JSON results as text', () => {
    expect(provenanceOutputsFromRun({ result: { stdout: '', result: { kind: 'scalar', value: 2.5, pyType: 'float', truncated: false } } }).resultText).toBe(
      '2.5',
    );
    expect(provenanceOutputsFromRun({ result: { stdout: '', result: { kind: 'json', value: { a: 1 }, truncated: false } } }).resultText).toBe('{"a":1}');
  });
});
