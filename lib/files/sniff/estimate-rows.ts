import type { SniffedMeta } from './dataset-meta';
import { encodedLength } from './detect-encoding';
import type { TextHead } from './sniff-types';

/**
 * Rows in the whole file from rows seen in the head: the bytes after the preamble (BOM, header, "[") divided by the
 * average encoded size of the complete rows seen. Exact when the head is the whole file. Never less than what was
 * actually seen.
 */
export function estimateRows({
  head,
  rowCount,
  firstRowStart,
  lastRowEnd,
}: {
  head: TextHead;
  /** Complete data rows seen in the head. */
  rowCount: number;
  /** Character offset in head.text where the first data row starts. */
  firstRowStart: number;
  /** Character offset in head.text just after the last complete data row. */
  lastRowEnd: number;
}): SniffedMeta['rowEstimate'] {
  if (head.complete) return { value: rowCount, exact: true };
  if (rowCount === 0) return { value: 0, exact: false };
  const prefixBytes = head.bomLength + encodedLength({ text: head.text.slice(0, firstRowStart), encoding: head.encoding });
  const sampleBytes = encodedLength({ text: head.text.slice(firstRowStart, lastRowEnd), encoding: head.encoding });
  const bytesPerRow = sampleBytes / rowCount;
  const estimate = Math.round((head.size - prefixBytes) / bytesPerRow);
  return { value: Math.max(rowCount, estimate), exact: false };
}
