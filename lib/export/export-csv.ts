import type { SavedResult } from '@/lib/share/analysis-record';
import { csvField } from '@/lib/text/cells';
import { fileStem, type ExportFile } from './export-files';
import type { ExportSource } from './export-source';

/**
 * Result tables as CSV (RFC 4180: comma, CRLF between records). Each field, column names included, is written by
 * lib/text/cells.ts csvField: quoted when needed, and a string a spreadsheet would run as a formula ("CSV
 * injection") neutralised. Browser-safe, pure.
 */

type Table = Extract<SavedResult, { kind: 'table' }>;

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
