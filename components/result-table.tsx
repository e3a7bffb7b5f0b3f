'use client';

import { useId, useMemo, useState, type ReactNode } from 'react';
import type { PlainTable } from '@/lib/results/json-table';
import { cellText, filterRows, nextSort, sortRows, type TableSort } from '@/lib/results/table-rows';
import { TableCsvButton } from './share/table-csv-button';

interface ResultTableProps {
  table: PlainTable;
  /** What the table is and how much of it arrived ("DataFrame: 1,000 rows × 3 columns — showing …"). */
  caption: ReactNode;
  /** Whether only part of the value arrived (the CSV label says so). */
  partial: boolean;
  csvFileName: string;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * A result as a table the analyst can work with: click a header to sort (numbers by value, text alphabetically;
 * again for descending, a third time for the original order), type to filter rows, download what is shown as CSV.
 * It works on the rows that were sent (the kernel's row cap), and every cell is rendered as text.
 */
export function ResultTable({ table, caption, partial, csvFileName }: ResultTableProps) {
  const [sort, setSort] = useState<TableSort | null>(null);
  const [query, setQuery] = useState('');
  const filterId = useId();
  const rows = useMemo(() => sortRows(filterRows(table.rows, query), sort), [table.rows, query, sort]);
  const filtered = rows.length !== table.rows.length;

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <label htmlFor={filterId} className="sr-only">
          Filter rows
        </label>
        <input
          id={filterId}
          type="search"
          data-testid="result-filter"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Filter rows"
          className="w-40 rounded border border-slate-300 px-2 py-0.5"
        />
        <span data-testid="result-row-count" className="text-slate-500" aria-live="polite">
          {filtered ? `${rows.length} of ${table.rows.length} rows` : `${table.rows.length} rows`}
        </span>
        <TableCsvButton
          columns={table.columns}
          rows={rows}
          fileName={csvFileName}
          label={`Download CSV${filtered ? ` (${rows.length} filtered rows)` : partial ? ` (first ${rows.length} rows)` : ''}`}
        />
      </div>
      <div className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-white">
        <table className="min-w-full text-left text-xs">
          <thead className="sticky top-0 bg-slate-100">
            <tr>
              {table.columns.map((name, index) => (
                <th
                  key={`${name}-${index}`}
                  scope="col"
                  className="px-2 py-1 font-semibold"
                  aria-sort={sort?.column === index ? ARIA_SORT[sort.direction] : 'none'}
                >
                  <button
                    type="button"
                    className="flex items-center gap-1 hover:underline"
                    onClick={() => setSort((current) => nextSort(current, index))}
                    data-testid="result-sort"
                  >
                    <span>{name}</span>
                    {table.dtypes?.[index] ? <span className="font-normal text-slate-600">{table.dtypes[index]}</span> : null}
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
                    {cellText(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">{caption}</p>
    </div>
  );
}
