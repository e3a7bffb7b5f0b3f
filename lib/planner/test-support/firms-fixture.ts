/**
 * The firms panel both planner exec tests about conditions and years run on: 3 firms × 8 years, the date column the
 * last day of each year written as an eight-digit integer (20101231, read as YYYYMMDD). Expected numbers are computed
 * from these rows, without pandas.
 */
import type { DatasetBrief } from '@/lib/ask/contracts';

export const FIRMS = ['Alpha', 'Beta', 'Gamma'] as const;

export const FIRM_ROWS = FIRMS.flatMap((firm, f) =>
  Array.from({ length: 8 }, (_, y) => ({
    firm,
    year: 2010 + y,
    date: (2010 + y) * 10000 + 1231,
    invest: 10 * (f + 1) + y * (f + 2) + (y % 3) * 0.5,
    age: 20 + (((f * 8 + y) * 7) % 45),
  })),
);

/** The columns a test's CSV may hold (`year` is only the expected values' key). */
export type FirmColumn = 'firm' | 'date' | 'invest' | 'age';

const COLUMN_TYPES: Record<FirmColumn, string> = { firm: 'string', date: 'integer', invest: 'number', age: 'integer' };

/** firms.csv with `columns` in that order, and the brief the planner is given for it (id `id`, bound as df1). */
export function firmsDataset({ id, columns }: { id: string; columns: FirmColumn[] }): { csv: string; brief: DatasetBrief } {
  const lines = [columns.join(','), ...FIRM_ROWS.map((row) => columns.map((column) => String(row[column])).join(','))];
  const brief: DatasetBrief = {
    id,
    variable: 'df1',
    displayName: 'firms',
    fileName: 'firms.csv',
    format: 'csv',
    rowEstimate: { value: FIRM_ROWS.length, exact: true },
    columns: columns.map((name) => ({ name, type: COLUMN_TYPES[name] })),
    omittedColumns: 0,
    sampleRows: [],
  };
  return { csv: `${lines.join('\n')}\n`, brief };
}
