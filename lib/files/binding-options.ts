import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { DatasetBinding } from '@/workers/kernel-protocol';

/**
 * How the kernel should read a dataset's file, from what sniffing found or the analyst corrected (delimiter, encoding,
 * separators, quote, skipped lines, header, renamed columns, sheet). Browser-safe, so the workspace's exports read files exactly as the kernel binding did; catalog-service
 * re-exports it for the server.
 */
export function bindingOptions({ meta }: { meta: DatasetMeta }): NonNullable<DatasetBinding['options']> {
  const tabular = meta.format === 'csv' || meta.format === 'tsv' || meta.format === 'xlsx';
  // Names by position only when every column is described; a capped list would misalign.
  const names = tabular && meta.columns.length === meta.columnCount ? meta.columns.map((column) => column.name) : undefined;
  const sheet = meta.format === 'xlsx' ? (meta.sheet ?? meta.sheets?.[0]?.name) : undefined;
  return {
    ...(meta.delimiter ? { delimiter: meta.delimiter } : {}),
    encoding: meta.encoding,
    decimal: meta.decimalSeparator,
    ...(meta.thousandsSeparator ? { thousands: meta.thousandsSeparator } : {}),
    ...(meta.quoteChar && meta.quoteChar !== '"' ? { quoteChar: meta.quoteChar } : {}),
    ...(meta.skipRows ? { skipRows: meta.skipRows } : {}),
    hasHeader: meta.hasHeader,
    ...(names ? { names } : {}),
    ...(sheet ? { sheet } : {}),
  };
}
