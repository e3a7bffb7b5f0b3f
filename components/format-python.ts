import type { CellValue } from '@/workers/kernel-protocol';

/** Shows a scalar the way Python would print it: analysts read `True` and `None`, not JavaScript's `true` and `null`. */
export function formatPythonScalar(value: CellValue, pyType: string): string {
  if (value === null) return /float/.test(pyType) ? 'nan' : 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
