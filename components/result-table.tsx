'use client';

import { useMemo, useState } from 'react';
import type { CellValue, ResultValue } from '@/workers/kernel-protocol';
import { formatPythonScalar } from './format-python';

type TableValue = Extract<ResultValue, { kind: 'table' }>;

interface SortState {
  column: number;
  direction: 'asc' | 'desc';
}

/** Nulls sort last in both directions; numbers numerically; everything else as text. */
function compareCells(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function formatCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
  return formatPythonScalar(value, typeof value);
}

/** A DataFrame/Series result; click a header to sort the rows that were sent (not the whole frame). */
export function ResultTable({ table }: { table: TableValue }) {
  const [sort, setSort] = useState<SortState | null>(null);
  const rows = useMemo(() => {
    if (!sort) return table.rows;
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...table.rows].sort((left, right) => {
      const a = left[sort.column] ?? null;
      const b = right[sort.column] ?? null;
      if (a === null || b === null) return compareCells(a, b);
      return sign * compareCells(a, b);
    });
  }, [table.rows, sort]);

  const toggle = (column: number) =>
    setSort((current) =>
      current?.column === column ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' },
    );

  return (
    <div className="space-y-1">
      <div className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-white">
        <table className="min-w-full text-left text-xs">
          <thead className="sticky top-0 bg-slate-100">
            <tr>
              {table.columns.map((name, index) => (
                <th key={`${name}-${index}`} scope="col" className="px-2 py-1 font-semibold" aria-sort={sort?.column === index ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="flex items-center gap-1 hover:underline" onClick={() => toggle(index)} data-testid="result-sort">
                    <span>{name}</span>
                    <span className="font-normal text-slate-600">{table.dtypes[index]}</span>
                    {sort?.column === index ? <span aria-hidden>{sort.direction === 'asc' ? '▲' : '▼'}</span> : null}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex} className="border-t border-slate-100 odd:bg-slate-50/50">
                {row.map((cell, cellIndex) => (
                  <td key={cellIndex} className={`px-2 py-1 font-mono ${typeof cell === 'number' ? 'text-right' : ''}`}>
                    {formatCell(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">
        {table.source === 'series' ? 'Series' : 'DataFrame'}: {table.totalRows.toLocaleString()} rows × {table.totalColumns.toLocaleString()} columns
        {table.truncated ? ` — showing the first ${table.rows.length} rows and ${table.columns.length} columns` : ''}
      </p>
    </div>
  );
}
