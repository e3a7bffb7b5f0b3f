import { describe, expect, it } from 'vitest';
import { readActionResult } from '@/lib/core/action-result';
import { itRefusesForgedAnswers, type ForgedAnswer } from '@/lib/core/test-support/forged-answers';
import { datasetActionResults } from './dataset-types';
import { datasetSummaryFixture } from './test-support/summary-fixture';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const dataset = datasetSummaryFixture({ id: ID, displayName: 'sales.csv' });
const download = { id: ID, displayName: 'sales.csv', format: 'csv', size: 12, url: 'https://bucket.test/x', expiresAt: '2030-01-01T00:00:00Z', options: {} };

/** One forged answer per dataset action, as a broken server, a proxy or a stale deployment could send it, and what the page says. */
const FORGED: Record<keyof typeof datasetActionResults, ForgedAnswer> = {
  createUpload: {
    forged: { ok: true, id: ID, displayName: 'sales.csv', plan: { kind: 'ftp', url: 'ftp://elsewhere.example/' } },
    detail: "plan.kind: Invalid discriminator value. Expected 'single' | 'multipart'",
  },
  completeUpload: { forged: { ok: 'true' }, detail: "ok: Invalid discriminator value. Expected 'true' | 'false'" },
  abortUpload: { forged: null, detail: 'Invalid input: expected object, received null' },
  registerDataset: {
    forged: { ok: true, dataset: { id: ID, displayName: '<img src=x onerror=alert(1)>' } },
    detail: 'dataset.format: Invalid option: expected one of "csv"|"tsv"|"json"|"jsonl"|"parquet"|"xlsx"',
  },
  listDatasets: {
    forged: { ok: true, datasets: [dataset, { ...dataset, access: 'admin' }], folders: [] },
    detail: 'datasets.1.access: Invalid option: expected one of "owner"|"shared"',
  },
  renameDataset: {
    forged: { ok: true, dataset: { ...dataset, columns: 'amount' } },
    detail: 'dataset.columns: Invalid input: expected array, received string',
  },
  previewReadOptions: { forged: { ok: true }, detail: 'dataset: Invalid input: expected object, received undefined' },
  setReadOptions: { forged: { ok: false, code: 'storage', retryable: true }, detail: 'message: Invalid input: expected string, received undefined' },
  deleteDataset: { forged: { ok: true, id: 7 }, detail: 'id: Invalid input: expected string, received number' },
  importFromPrefix: {
    forged: { ok: true, imported: [], skipped: [{ key: 'a.bin' }], failed: [] },
    detail: 'skipped.0.reason: Invalid input: expected string, received undefined',
  },
  getDownloadUrls: {
    forged: { ok: true, downloads: [{ ...download, url: undefined }] },
    detail: 'downloads.0.url: Invalid input: expected string, received undefined',
  },
};

describe('datasetActionResults as the page reads them', () => {
  itRefusesForgedAnswers({ schemas: datasetActionResults, forged: FORGED });

  it('a refusal with a code the page does not know is not passed on as one', () => {
    const refusal = { ok: false, code: 'teapot', message: 'short and stout', retryable: false };
    expect(readActionResult({ action: 'Deleting', schema: datasetActionResults.deleteDataset, result: refusal })).toMatchObject({
      code: 'malformed_response',
      message: expect.stringContaining('(code: Invalid option: expected one of "invalid_input"|'),
    });
  });

  it('well-formed answers pass unchanged', () => {
    const page = { ok: true, datasets: [dataset], folders: ['q1/'], scanned: 3 };
    expect(readActionResult({ action: 'Listing datasets', schema: datasetActionResults.listDatasets, result: page })).toEqual(page);
    const downloads = { ok: true, downloads: [download] };
    expect(readActionResult({ action: 'Preparing downloads', schema: datasetActionResults.getDownloadUrls, result: downloads })).toEqual(downloads);
  });
});
