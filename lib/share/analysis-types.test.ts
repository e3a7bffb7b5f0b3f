import { describe, expect, it } from 'vitest';
import { readActionResult } from '@/lib/core/action-result';
import { itRefusesForgedAnswers, type ForgedAnswer } from '@/lib/core/test-support/forged-answers';
import { analysisActionResults } from './analysis-types';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const summary = {
  id: ID,
  title: 'Sales',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  expiresAt: null,
  visibility: 'link',
  allowRerun: true,
  status: 'active',
  questionCount: 1,
  url: `/a/${ID}`,
  embedUrl: `/embed/${ID}`,
};
const rerunDataset = { id: 'd1', variable: 'df1', fileName: 'sales-d1.csv', format: 'csv', options: {} };
const download = { id: 'd1', displayName: 'sales.csv', format: 'csv', size: 10, url: 'https://bucket/x', expiresAt: '2030-01-01T00:00:00Z', options: {} };
const plan = { ok: true, isOwner: false, code: ['print(df1.shape)'], downloads: [download], datasets: [rerunDataset], turns: [[rerunDataset]] };

/** One forged answer per analysis action and what the page says of it. */
const FORGED: Record<keyof typeof analysisActionResults, ForgedAnswer> = {
  listMyAnalyses: {
    forged: { ok: true, analyses: [{ ...summary, status: 'live' }] },
    detail: 'analyses.0.status: Invalid option: expected one of "active"|"revoked"|"expired"',
  },
  revokeAnalysis: { forged: { ok: true, analysis: { ...summary, questionCount: -1 } }, detail: 'analysis.questionCount: Too small: expected number to be >=0' },
  deleteAnalysis: {
    forged: { ok: false, code: 'gone', message: 'x', retryable: false },
    detail:
      'code: Invalid option: expected one of "invalid_input"|"too_large"|"not_found"|"revoked"|"expired"|"forbidden"|"rerun_disabled"|"dataset_missing"|"storage"|"quota"|"unauthenticated"',
  },
  setAnalysisExpiry: {
    forged: { ok: true, analysis: { ...summary, expiresAt: undefined } },
    detail: 'analysis.expiresAt: Invalid input: expected string, received undefined',
  },
  setAllowRerun: {
    forged: { ok: true, analysis: { ...summary, allowRerun: 'yes' } },
    detail: 'analysis.allowRerun: Invalid input: expected boolean, received string',
  },
  prepareRerun: { forged: { ...plan, code: [{ python: 'print(1)' }] }, detail: 'code.0: Invalid input: expected string, received object' },
};

describe('analysisActionResults as the page reads them', () => {
  itRefusesForgedAnswers({ schemas: analysisActionResults, forged: FORGED });

  it('a re-run plan whose downloads or datasets do not fit is refused before anything is fetched or shown', () => {
    const read = (result: unknown) => readActionResult({ action: 'Preparing the re-run', schema: analysisActionResults.prepareRerun, result });
    expect(read(plan)).toEqual(plan);
    expect(read({ ...plan, downloads: [{ ...download, format: 'exe' }] })).toMatchObject({ message: expect.stringContaining('(downloads.0.format: ') });
    expect(read({ ...plan, datasets: [{ ...rerunDataset, options: { skipRows: -1 } }] })).toMatchObject({
      message: expect.stringContaining('(datasets.0.options.skipRows: '),
    });
    expect(read({ ...plan, turns: undefined })).toMatchObject({
      message: expect.stringContaining('(turns: Invalid input: expected array, received undefined)'),
    });
  });
});
