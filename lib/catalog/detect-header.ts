import { inferColumnStats, type CellType } from './infer-types';

/** Data rows compared against the first row; enough to see a column's type, cheap for 5,000 columns. */
const HEADER_PROBE_ROWS = 200;

/**
 * Is the first row a header? Strong evidence for: a text cell above a column whose values are numbers, booleans or
 * dates ("price" over 9.99). Strong evidence against: a number, boolean or date in the first row. A first row of text
 * over text columns is taken as a header, as pandas does by default; that also covers a header-only file.
 */
export function detectHeader({
  firstRow,
  dataRows,
  cellType,
}: {
  firstRow: readonly unknown[];
  dataRows: readonly (readonly unknown[])[];
  cellType: (cell: unknown) => CellType;
}): boolean {
  const firstTypes = firstRow.map((cell) => cellType(cell));
  if (firstTypes.every((type) => type === null)) return false;
  const probe = dataRows.slice(0, HEADER_PROBE_ROWS);
  const columnStats = inferColumnStats({ rows: probe, columnCount: firstRow.length, cellType });
  const textOverTypedColumn = firstTypes.some((type, index) => {
    const columnType = columnStats[index]?.type ?? 'empty';
    return type === 'string' && columnType !== 'string' && columnType !== 'empty';
  });
  if (textOverTypedColumn) return true;
  return firstTypes.every((type) => type === null || type === 'string');
}
