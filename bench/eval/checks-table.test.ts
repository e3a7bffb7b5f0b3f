import { expect, it } from 'vitest';
import { BY_BOTH, BY_CHECKS, BY_REVIEWER, guardRow, renderGuardTable, type Flagged } from './checks-table';

const items: Flagged[] = [
  { verdict: 'wrong', failedChecks: ['row-count'] },
  { verdict: 'wrong', failedChecks: [], reviewerFlagged: true },
  { verdict: 'wrong', failedChecks: [] },
  { verdict: 'correct', failedChecks: ['columns'] },
  { verdict: 'correct', failedChecks: [] },
  { verdict: 'refused', failedChecks: ['measure'] },
];

it('counts wrong answers shown, wrong answers caught and correct answers flagged; refusals are no answers', () => {
  expect(guardRow({ label: 'c', items, guard: BY_CHECKS })).toEqual({ label: 'c', answers: 5, wrongShown: 2, wrongCaught: 1, correctFlagged: 1 });
  expect(guardRow({ label: 'r', items, guard: BY_REVIEWER })).toEqual({ label: 'r', answers: 5, wrongShown: 2, wrongCaught: 1, correctFlagged: 0 });
  expect(guardRow({ label: 'b', items, guard: BY_BOTH })).toEqual({ label: 'b', answers: 5, wrongShown: 1, wrongCaught: 2, correctFlagged: 1 });
});

it('renders a Markdown table', () => {
  const table = renderGuardTable({ rows: [guardRow({ label: 'mutants · checks', items, guard: BY_CHECKS })] });
  expect(table.split('\n')).toHaveLength(3);
  expect(table).toContain('| mutants · checks |       5 |                      2 |            1 |               1 |');
});
