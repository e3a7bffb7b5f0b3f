import { describe, expect, it } from 'vitest';
import { createDatasetMeta, datasetMetaSchema } from './dataset-meta';
import { sniffOk } from './test-support/sniff-helpers';

describe('DatasetMeta', () => {
  it('completes a sniffed record and survives a JSON round trip unchanged', async () => {
    const sniffed = await sniffOk({ fileName: 'sales.csv', bytes: 'region,units\nNorth,3\nSouth,4\n' });
    const meta = createDatasetMeta({ sniffed, id: 'ds_123', key: 'datasets/ds_123/sales.csv', now: new Date('2025-01-02T03:04:05Z') });
    expect(meta).toMatchObject({
      id: 'ds_123',
      key: 'datasets/ds_123/sales.csv',
      createdAt: '2025-01-02T03:04:05.000Z',
      updatedAt: '2025-01-02T03:04:05.000Z',
    });
    const roundTripped: unknown = JSON.parse(JSON.stringify(meta));
    expect(datasetMetaSchema.parse(roundTripped)).toEqual(meta);
  });

  it('rejects records that break the contract', async () => {
    const sniffed = await sniffOk({ fileName: 'sales.csv', bytes: 'a\n1\n2\n3\n4\n5\n6\n7\n' });
    const meta = createDatasetMeta({ sniffed, id: 'x', key: 'datasets/x/sales.csv' });
    expect(meta.sampleRows).toHaveLength(5);
    expect(datasetMetaSchema.safeParse({ ...meta, sampleRows: [...meta.sampleRows, [1]] }).success).toBe(false);
    expect(datasetMetaSchema.safeParse({ ...meta, format: 'xls' }).success).toBe(false);
    expect(datasetMetaSchema.safeParse({ ...meta, sampleRows: [[Number.NaN]] }).success).toBe(false);
    expect(datasetMetaSchema.safeParse({ ...meta, columns: [{ name: '', type: 'string', nullable: false }] }).success).toBe(false);
  });
});
