import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SharedAnalysis } from '@/lib/share/analysis-types';
import { EmbedView } from './embed-view';

/** The embed shows the answer's number check from the saved record in its first render (no JavaScript needed). */

const METRICS = { llmCalls: 0, inputTokens: 0, outputTokens: 0, generationMs: 0, fetchMs: 0, runMs: 0, repairAttempts: 0, answerMs: 0 };
const TIMINGS = { validateMs: 1, loadPackagesMs: 0, executeMs: 1, totalMs: 2 };

function turn(question: string, answer: string, stdout: string, numberCheck?: SharedAnalysis['turns'][number]['numberCheck']): SharedAnalysis['turns'][number] {
  return {
    question,
    answer,
    metrics: METRICS,
    attempts: [{ number: 1, code: 'print(len(df1))', status: 'ok', stdout, stderr: '', error: null, figures: [], result: null, timings: TIMINGS }],
    ...(numberCheck ? { numberCheck } : {}),
  };
}

const RECORD: SharedAnalysis = {
  version: 1,
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  title: 'Flags',
  createdAt: '2026-12-02T00:00:00.000Z',
  updatedAt: '2026-12-02T00:00:00.000Z',
  visibility: 'link',
  expiresAt: null,
  allowRerun: false,
  datasets: [],
  turns: [
    // As saved today: the check is in the record.
    turn('How many rows?', 'There are 40 rows, and the mean is 12.5.', '40\n', { checked: 2, unmatched: 1, notFound: [{ text: '12.5' }] }),
    // An older record without a check: it is computed from the saved answer and outputs.
    turn('Which region leads?', 'The North region leads.', 'North\n'),
    turn('Rows again?', 'Still 41 rows.', '40\n'),
  ],
  versions: { pyodide: '314.0.7', python: '3.14', packages: [] },
};

describe('EmbedView number check', () => {
  const html = renderToStaticMarkup(createElement(EmbedView, { record: RECORD, theme: 'light', allowedOrigins: [], requestedOrigin: null }));
  const turns = html.split('data-testid="embed-turn"').slice(1);

  it('flags each number found in no output, from the saved check', () => {
    expect(turns[0]).toContain('⚠ 12.5 not found in the outputs');
    expect(turns[0]).toContain('1 of 2 number(s), highlighted in amber, were not found in the outputs');
  });

  it('says there is nothing to check under an answer without numbers', () => {
    expect(turns[1]).toContain('This answer states no numbers to check against the outputs.');
    expect(turns[1]).not.toContain('answer-number-flags');
  });

  it('checks the numbers of a record saved without a check', () => {
    expect(turns[2]).toContain('⚠ 41 not found in the outputs');
  });
});
