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
  if (isYearHeader({ firstRow, firstTypes, secondRow: dataRows[0] })) return true;
  return firstTypes.every((type) => type === null || type === 'string');
}

const YEAR = /^\s*(1[5-9]\d\d|2[01]\d\d)\s*$/;

function yearOf(cell: unknown): number | null {
  const match = typeof cell === 'number' ? YEAR.exec(String(cell)) : typeof cell === 'string' ? YEAR.exec(cell) : null;
  return match ? Number(match[1]) : null;
}

/**
 * World Bank and OECD tables put years across the top ("Country Name","Country Code",…,"1960","1961",…): a first row
 * of text labels and then at least three years, strictly increasing, while the row below holds something else under
 * those years (values, not the next run of years). pandas takes such a row as the header, and so do we.
 */
function isYearHeader({
  firstRow,
  firstTypes,
  secondRow,
}: {
  firstRow: readonly unknown[];
  firstTypes: readonly CellType[];
  secondRow?: readonly unknown[];
}): boolean {
  const years: { index: number; year: number }[] = [];
  for (const [index, cell] of firstRow.entries()) {
    const year = yearOf(cell);
    if (year !== null) years.push({ index, year });
    else if (firstTypes[index] !== 'string' && firstTypes[index] !== null) return false;
  }
  if (years.length < 3 || years.some((entry, position) => position > 0 && entry.year <= (years[position - 1]?.year ?? 0))) return false;
  if (!secondRow) return false;
  return !years.every(({ index }) => yearOf(secondRow[index]) !== null);
}
