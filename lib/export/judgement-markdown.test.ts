import { describe, expect, it } from 'vitest';
import { buildMarkdownReport } from './export-markdown';
import { buildNotebook } from './export-notebook';
import { judgementMarkdown } from './judgement-markdown';
import { SOURCE } from './test-support/export-fixture';

const failedCheck = {
  outcomes: [
    { id: 'row-count' as const, status: 'fail' as const, message: 'The question asks for 5 rows; the table has 10.' },
    { id: 'measure' as const, status: 'pass' as const, message: 'mean' },
  ],
  repaired: true,
};
const disagreement = {
  status: 'reviewed' as const,
  model: 'scripted-reviewer',
  verdict: { verdict: 'not' as const, reasons: ['It ranks <b>revenue</b>, not units.'], mismatch: 'asked for units, ranked revenue' },
};

describe('the second opinion in exports', () => {
  it('names each failed check and the reviewer’s disagreement with its reasons, escaped', () => {
    const text = judgementMarkdown({ checks: failedCheck, review: disagreement });
    expect(text).toContain('**Checks that failed** (after one repair)');
    expect(text).toContain('- Number of rows: The question asks for 5 rows; the table has 10.');
    expect(text).toContain('**Reviewer (scripted-reviewer) disagrees: the output does not answer it.** asked for units, ranked revenue');
    expect(text).not.toContain('<b>');
  });

  it('says briefly that checks passed, that the reviewer agreed, or why there was no review; nothing when neither ran', () => {
    expect(judgementMarkdown({ checks: { outcomes: [{ id: 'measure', status: 'pass', message: 'mean' }], repaired: false } })).toBe(
      '_Checks passed: The measure asked for._',
    );
    expect(judgementMarkdown({ review: { status: 'reviewed', model: 'm', verdict: { verdict: 'answers', reasons: ['ok'], mismatch: '' } } })).toBe(
      '_Reviewer (m): the output answers the question._',
    );
    expect(judgementMarkdown({ review: { status: 'unreviewed', model: 'm', reason: 'timed out after 20 s' } })).toBe(
      '_Not reviewed (m): timed out after 20 s_',
    );
    expect(judgementMarkdown({})).toBe('');
  });

  it('travels into the .md report and the notebook’s answer cell', () => {
    const [first, ...rest] = SOURCE.turns;
    if (!first) throw new Error('fixture without turns');
    const source = { ...SOURCE, turns: [{ ...first, checks: failedCheck, review: disagreement }, ...rest] };
    expect(buildMarkdownReport({ source })).toContain('**Checks that failed**');
    const answerCell = buildNotebook({ source }).cells.find(
      (cell) => cell.cell_type === 'markdown' && cell.source.join('').includes('Reviewer (scripted-reviewer) disagrees'),
    );
    expect(answerCell).toBeDefined();
  });
});
