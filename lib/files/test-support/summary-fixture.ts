import { type DatasetSummary, datasetSummarySchema } from '../dataset-types';

/** A complete, schema-valid catalog entry (a small CSV the caller owns), for page-side tests that parse what actions answer. */
export function datasetSummaryFixture({ id, displayName }: { id: string; displayName: string }): DatasetSummary {
  return datasetSummarySchema.parse({
    id,
    displayName,
    key: `datasets/${id}/${displayName}`,
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    decimalSeparator: '.',
    hasHeader: true,
    columns: [{ name: 'amount', type: 'number', nullable: false }],
    columnCount: 1,
    sampleRows: [[1.5]],
    size: 12,
    rowEstimate: { value: 1, exact: true },
    warnings: [],
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    access: 'owner',
  });
}
