import type { SavedResult } from '@/lib/share/analysis-record';
import { fileStem, type ExportFile } from './export-files';
import type { ExportSource } from './export-source';

/**
 * Result tables as CSV (RFC 4180: comma, CRLF, fields with a comma, quote, CR or LF quoted, quotes doubled).
 * Spreadsheets run cells that start with = + - @ (and tab or CR) as formulas ("CSV injection"), and table cells
 * come from user data. A *string* cell starting with one of those gets a leading apostrophe; numbers stay numbers,
 * so -3.5 is written as -3.5, while the text "-3.5" (a string column) becomes '-3.5. Column names are strings too.
 * Browser-safe, pure.
 */

type Cell = string | number | boolean | null;
type Table = Extract<SavedResult, { kind: 'table' }>;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value); // JSON numbers are finite; a number is never neutralised
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableToCsv({ table, bom = false }: { table: Pick<Table, 'columns' | 'rows'>; bom?: boolean }): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
  // A BOM makes Excel read UTF-8 as UTF-8; off by default because other tools show it as a stray character.
  return `${bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

/** One CSV per question whose final result is a table: `<stem>-q<n>-result.csv`. */
export function exportTables({ source, bom }: { source: ExportSource; bom?: boolean }): ExportFile[] {
  return source.turns.flatMap((turn) => {
    const result = turn.final?.status === 'ok' ? turn.final.result : null;
    if (result?.kind !== 'table') return [];
    const fileName = `${fileStem({ source })}-q${turn.number}-result.csv`;
    return [{ fileName, path: fileName, mimeType: 'text/csv; charset=utf-8', content: tableToCsv({ table: result, bom }) }];
  });
}
