import { cellText as formatCell, MISSING } from '@/lib/text/cells';
import type { CellValue } from '@/workers/kernel-protocol';

/**
 * Sorting and filtering the rows of a result table in the page (the rows the kernel sent, not the whole frame).
 * Browser-safe, pure: the table component and the CSV download use the same functions, so the file holds exactly
 * the rows on screen.
 */

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  column: number;
  direction: SortDirection;
}

/** A cell as the table shows it (and as the filter matches it): blank when missing, numbers to 6 significant digits. */
export function cellText(value: CellValue): string {
  return formatCell(value, { missing: MISSING.screen, numbers: 'short' });
}

/** Numeric text ("1,234.5", "-3e4") reads as a number, so a column of numbers-as-text still sorts by value. */
function numericValue(value: CellValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/,/g, '');
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i.test(text)) return null;
  const number = Number(text.replace(/%$/, ''));
  return Number.isFinite(number) ? number : null;
}

/**
 * Ascending order of two cells: numbers (and numeric text) by value, before other text; text by locale with digit
 * runs compared as numbers ("item 2" before "item 10"); booleans as text.
 */
export function compareCells(a: CellValue, b: CellValue): number {
  const left = numericValue(a);
  const right = numericValue(b);
  if (left !== null && right !== null) return left - right;
  if (left !== null) return -1;
  if (right !== null) return 1;
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** Rows in the chosen order (stable); empty cells last in both directions. */
export function sortRows<Row extends readonly CellValue[]>(rows: readonly Row[], sort: TableSort | null): Row[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((left, right) => {
      const a = left.row[sort.column] ?? null;
      const b = right.row[sort.column] ?? null;
      const empty = Number(a === null || a === '') - Number(b === null || b === '');
      if (empty !== 0) return empty;
      return sign * compareCells(a, b) || left.index - right.index;
    })
    .map(({ row }) => row);
}

/**
 * Rows where every word of the query appears in some cell (case- and accent-insensitive), as the cells are shown.
 * An empty query keeps every row.
 */
export function filterRows<Row extends readonly CellValue[]>(rows: readonly Row[], query: string): Row[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = row.map((cell) => fold(cellText(cell))).join('\u0000');
    return words.every((word) => text.includes(word));
  });
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Next sort after a click on a header: ascending, then descending, then back to the original order. */
export function nextSort(current: TableSort | null, column: number): TableSort | null {
  if (current?.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}
