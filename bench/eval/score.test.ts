import { describe, expect, it } from 'vitest';
import { answerNumbers, close, scoreAnswer, type Answer, type AnswerRun } from './score';

const table = (rows: (string | number)[][], columns = ['label', 'value'], totalRows = rows.length): AnswerRun['result'] => ({
  kind: 'table',
  source: 'dataframe',
  columns,
  dtypes: columns.map(() => 'object'),
  rows,
  totalRows,
  totalColumns: columns.length,
  truncated: false,
});
const planned = (run: AnswerRun, declaresSubstitution = false): Answer => ({ planned: true, plan: 'plan', declaresSubstitution, run });

describe('eval scoring', () => {
  it('allows the planner’s 4-decimal rounding and nothing coarser', () => {
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: e rounded to 5 and 9 places, as a planner prints it
    expect(close(2.71828, 2.718281828)).toBe(true);
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: e rounded to 9 places against a coarser rounding
    expect(close(2.7, 2.718281828)).toBe(false);
  });

  it('reads numbers from the result table and the printed output', () => {
    expect(answerNumbers({ status: 'ok', stdout: 'Rows: 203\nr = -0.4123', result: table([['a', 1.5]]) })).toEqual([1.5, 203, -0.4123]);
  });

  it('a top N must have exactly N rows, in order', () => {
    const truth = {
      series: [
        ['Texas', 37],
        ['Virginia', 14],
      ] as [string, number][],
    };
    const check = { type: 'series' as const, truth: 'x', exact: true };
    const right = planned({
      status: 'ok',
      stdout: '',
      result: table([
        ['Texas', 37],
        ['Virginia', 14],
      ]),
    });
    const tooMany = planned({
      status: 'ok',
      stdout: '',
      result: table([
        ['Texas', 37],
        ['Virginia', 14],
        ['Missouri', 11],
      ]),
    });
    const swapped = planned({
      status: 'ok',
      stdout: '',
      result: table([
        ['Virginia', 14],
        ['Texas', 37],
      ]),
    });
    expect(scoreAnswer({ check, answer: right, truth }).verdict).toBe('correct');
    expect(scoreAnswer({ check, answer: tooMany, truth }).verdict).toBe('wrong');
    expect(scoreAnswer({ check, answer: swapped, truth }).verdict).toBe('wrong');
  });

  it('a label must carry its own value, not one from another row', () => {
    const truth = { series: [['unemp', 29]] as [string, number][] };
    const answer = planned({
      status: 'ok',
      stdout: '',
      result: table([
        ['unemp', 18],
        ['infl', 29],
      ]),
    });
    expect(scoreAnswer({ check: { type: 'series', truth: 'x' }, answer, truth }).verdict).toBe('wrong');
  });

  it('a declined question is a refusal; an answer to an out-of-repertoire question is wrong unless it says so', () => {
    const run: AnswerRun = { status: 'ok', stdout: '', result: null };
    expect(scoreAnswer({ check: { type: 'refuse' }, answer: { planned: false, message: 'no' }, truth: undefined }).verdict).toBe('refused');
    expect(scoreAnswer({ check: { type: 'refuse' }, answer: planned(run), truth: undefined }).verdict).toBe('wrong');
    expect(scoreAnswer({ check: { type: 'refuse' }, answer: planned(run, true), truth: undefined }).verdict).toBe('refused');
  });

  it('a failed run is wrong even when the plan announced a substitution', () => {
    const answer = planned({ status: 'error', stdout: '', result: null }, true);
    expect(scoreAnswer({ check: { type: 'numbers', truth: 'x' }, answer, truth: 1 }).verdict).toBe('wrong');
  });

  it('trend values must match in order and count', () => {
    const truth = {
      series: [
        ['1959', 5.1],
        ['1960', 5.5],
      ] as [string, number][],
    };
    const verdict = (rows: [string, number][]) =>
      scoreAnswer({ check: { type: 'values', truth: 'x' }, answer: planned({ status: 'ok', stdout: '', result: table(rows) }), truth }).verdict;
    expect(
      verdict([
        ['1959-12-31', 5.1],
        ['1960-12-31', 5.5],
      ]),
    ).toBe('correct');
    expect(
      verdict([
        ['1959-12-31', 5.5],
        ['1960-12-31', 5.1],
      ]),
    ).toBe('wrong');
  });
});

describe('eval scoring of long and untidy tables', () => {
  it('a cut table is checked on the rows it has, against the full count', () => {
    const check = { type: 'values' as const, truth: 'x' };
    const truth = {
      series: [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ] as [string, number][],
    };
    const cutRun = (totalRows: number): Answer =>
      planned({
        status: 'ok',
        stdout: '',
        result: table(
          [
            ['a', 1],
            ['b', 2],
          ],
          ['label', 'value'],
          totalRows,
        ),
      });
    expect(scoreAnswer({ check, answer: cutRun(3), truth }).verdict).toBe('correct');
    expect(scoreAnswer({ check, answer: cutRun(4), truth }).verdict).toBe('wrong');
  });

  it('labels match whatever spaces the file left around them', () => {
    const truth = { series: [['Kentucky ', 18.6]] as [string, number][] };
    const answer = planned({ status: 'ok', stdout: '', result: table([['Kentucky', 18.6]]) });
    expect(scoreAnswer({ check: { type: 'series', truth: 'x' }, answer, truth }).verdict).toBe('correct');
  });
});
