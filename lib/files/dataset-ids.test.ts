import { describe, expect, it } from 'vitest';
import { DATASET_ID_PATTERN, dataKey, datasetIdOfKey, datasetPrefix, importedDatasetId, InvalidDatasetIdError, isDatasetId, newDatasetId } from './dataset-ids';
import { checkUploadFile } from './upload-rules';

describe('dataset ids and keys', () => {
  it('generates 128-bit base64url ids that do not repeat', () => {
    const ids = Array.from({ length: 2000 }, () => newDatasetId());
    for (const id of ids) expect(id).toMatch(DATASET_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    // Every base64url character shows up somewhere in the free positions: the ids are not from a narrow alphabet.
    expect(new Set(ids.join('').slice(0, 20_000)).size).toBe(64);
  });

  it('derives import ids from the key, stably', async () => {
    const a = await importedDatasetId({ key: 'raw/2024/a.csv' });
    expect(a).toMatch(DATASET_ID_PATTERN);
    expect(await importedDatasetId({ key: 'raw/2024/a.csv' })).toBe(a);
    expect(await importedDatasetId({ key: 'raw/2024/b.csv' })).not.toBe(a);
  });

  it('refuses anything but the canonical form before building a key', () => {
    const good = newDatasetId();
    expect(datasetPrefix({ id: good })).toBe(`datasets/${good}/`);
    for (const id of ['', '..', '../../x', `${good}/..`, `${good}\n`, good.slice(0, 21), `${good.slice(0, 21)}B`, `${good}A`, 'a b']) {
      expect(isDatasetId(id)).toBe(false);
      expect(() => datasetPrefix({ id })).toThrow(InvalidDatasetIdError);
    }
  });

  it('builds data keys only from safe file names and recognises its own keys', () => {
    const id = newDatasetId();
    expect(dataKey({ id, fileName: 'sales_q1.csv' })).toBe(`datasets/${id}/sales_q1.csv`);
    for (const fileName of ['../x.csv', 'a/b.csv', '.hidden', 'meta.json', 'upload.json', 'x\n.csv', '']) {
      expect(() => dataKey({ id, fileName })).toThrow();
    }
    expect(datasetIdOfKey({ key: `datasets/${id}/meta.json` })).toBe(id);
    expect(datasetIdOfKey({ key: 'datasets/not-an-id/meta.json' })).toBeNull();
    expect(datasetIdOfKey({ key: 'raw/a.csv' })).toBeNull();
  });
});

describe('upload rules', () => {
  it('accepts the configured extensions only, judged case-insensitively', () => {
    for (const name of ['a.csv', 'a.TSV', 'a.txt', 'a.json', 'a.jsonl', 'a.ndjson', 'a.parquet', 'a.xlsx']) {
      expect(checkUploadFile({ name, size: 1, maxUploadBytes: 10 })).toBeNull();
    }
    expect(checkUploadFile({ name: 'a.xls', size: 1, maxUploadBytes: 10 })?.code).toBe('unsupported_type');
    expect(checkUploadFile({ name: 'csv', size: 1, maxUploadBytes: 10 })?.message).toContain('without an extension');
    expect(checkUploadFile({ name: 'a.csv', size: 11, maxUploadBytes: 10 })?.message).toBe('“a.csv” is 11 bytes; the largest upload allowed is 10 bytes.');
    expect(checkUploadFile({ name: 'a.csv', size: 0, maxUploadBytes: 10 })?.code).toBe('empty_file');
  });
});
