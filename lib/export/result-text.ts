import type { SavedResult } from '@/lib/share/analysis-record';
import { describeChart } from '@/lib/results/chart-text';
import { escapeTableCell } from './markdown-escape';

/**
 * A saved result as text: plain (notebook text/plain), HTML (notebook text/html, escaped) and a Markdown table
 * (report). Cells are JSON scalars; they print the way Python shows them (None, True, False). Browser-safe, pure.
 */

type Cell = string | number | boolean | null;
type Table = Extract<SavedResult, { kind: 'table' }>;

export function cellText(value: Cell): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

export function truncationNote({ table }: { table: Table }): string | null {
  if (!table.truncated) return null;
  return `Showing ${table.rows.length} of ${table.totalRows} rows and ${table.columns.length} of ${table.totalColumns} columns.`;
}

function tableText({ table }: { table: Table }): string {
  const grid = [table.columns, ...table.rows.map((row) => row.map(cellText))].map((row) => row.map((cell) => cell.replace(/\s+/g, ' ')));
  const widths = table.columns.map((_, column) => Math.max(...grid.map((row) => row[column]?.length ?? 0)));
  const body = grid.map((row) => row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ')).join('\n');
  const note = truncationNote({ table });
  return note ? `${body}\n[${note}]` : body;
}

export function resultAsText({ result }: { result: SavedResult }): string {
  switch (result.kind) {
    case 'table':
      return tableText({ table: result });
    case 'scalar':
      return cellText(result.value);
    case 'json':
      return JSON.stringify(result.value, null, 2) ?? 'null';
    case 'repr':
      return result.text;
    case 'chart':
      return `<${describeChart(result.spec)}>`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Tables only (other results are text); every value is escaped. */
export function resultAsHtml({ result }: { result: SavedResult }): string | null {
  if (result.kind !== 'table') return null;
  const head = `<thead><tr>${result.columns.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr></thead>`;
  const rows = result.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cellText(cell))}</td>`).join('')}</tr>`).join('');
  const note = truncationNote({ table: result });
  return `<table class="dataframe">${head}<tbody>${rows}</tbody></table>${note ? `<p>${escapeHtml(note)}</p>` : ''}`;
}

/** A GFM table of the result (tables only). */
export function resultAsMarkdownTable({ table }: { table: Table }): string {
  if (table.columns.length === 0) return '_(empty table)_';
  const row = (cells: string[]) => `| ${cells.map(escapeTableCell).join(' | ')} |`;
  const lines = [row(table.columns), `|${table.columns.map(() => ' --- ').join('|')}|`, ...table.rows.map((cells) => row(cells.map(cellText)))];
  const note = truncationNote({ table });
  return note ? `${lines.join('\n')}\n\n_${note}_` : lines.join('\n');
}
