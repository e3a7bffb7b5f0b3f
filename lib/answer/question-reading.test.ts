import { describe, expect, it } from 'vitest';
import { checkAnswer } from './answer-checks';
import { checkedQuestion } from './question-reading';
import { briefOf } from './test-support/eval-schemas';

const firms = briefOf({ key: 'grunfeld', columns: ['invest:number', 'value:number', 'firm:string', 'year:integer'] });
const table = (rows: Array<[string, number]>) => ({
  status: 'ok' as const,
  stdout: '',
  result: {
    kind: 'table' as const,
    source: 'dataframe' as const,
    columns: ['firm', 'invest'],
    dtypes: ['str', 'float64'],
    rows,
    totalRows: rows.length,
    totalColumns: 2,
    truncated: false,
  },
});

describe('checkedQuestion: a follow-up that only narrows is checked with the question it narrows', () => {
  const earlier = ['average investment by firm', 'and only for 1950?'];

  it('joins a narrowing follow-up to the last question that asked something of its own', () => {
    expect(checkedQuestion({ question: 'and only for 1950?', earlier: earlier.slice(0, 1), datasets: [firms] })).toBe(
      'average investment by firm and only for 1950?',
    );
    // The narrowing in between may have been replaced ("since 1945" instead of "in 1950"): it is left out.
    expect(checkedQuestion({ question: 'what about since 1945?', earlier, datasets: [firms] })).toBe('average investment by firm what about since 1945?');
    // A column named by the condition is still only a narrowing.
    expect(checkedQuestion({ question: 'and only firms with value above 500?', earlier, datasets: [firms] })).toBe(
      'average investment by firm and only firms with value above 500?',
    );
  });

  it('leaves a question with its own column, grouping or N as it is, and a first question too', () => {
    expect(checkedQuestion({ question: 'now by year', earlier, datasets: [firms] })).toBe('now by year');
    expect(checkedQuestion({ question: 'and the year?', earlier, datasets: [firms] })).toBe('and the year?');
    expect(checkedQuestion({ question: 'and the top 3 firms?', earlier, datasets: [firms] })).toBe('and the top 3 firms?');
    expect(checkedQuestion({ question: 'and only for 1950?', earlier: [], datasets: [firms] })).toBe('and only for 1950?');
  });

  it('so a follow-up answered with a row count instead of the measure fails, and the right answer passes', () => {
    const question = checkedQuestion({ question: 'and only for 1950?', earlier: earlier.slice(0, 1), datasets: [firms] });
    const right = "df = df1[df1['year'] == 1950]\nresult = df.groupby('firm')['invest'].mean()";
    const counted = "df = df1[df1['year'] == 1950]\nresult = df.groupby('firm').size()";
    const failed = (code: string) =>
      checkAnswer({
        question,
        code,
        run: table([
          ['GM', 1.5],
          ['IBM', 2.5],
        ]),
        datasets: [firms],
      }).filter((outcome) => outcome.status === 'fail');
    expect(failed(right)).toEqual([]);
    expect(failed(counted).length).toBeGreaterThan(0);
  });
});
