'use client';

import { downloadBlob } from '@/lib/share/client/download-blob';
import { tableToCsv } from '@/lib/export/export-csv';
import type { CellValue } from '@/workers/kernel-protocol';

/**
 * "Download CSV" for one result table: exactly the rows given (the table passes the rows on screen: filtered and
 * sorted; the kernel's row cap applies), formula-safe (lib/export/export-csv.ts).
 */
export function TableCsvButton({
  columns,
  rows,
  fileName,
  label,
}: {
  columns: readonly string[];
  rows: readonly (readonly CellValue[])[];
  fileName: string;
  label: string;
}) {
  return (
    <button
      type="button"
      data-testid="export-csv"
      onClick={() =>
        downloadBlob({ content: tableToCsv({ table: { columns: [...columns], rows: rows.map((row) => [...row]) } }), fileName, type: 'text/csv;charset=utf-8' })
      }
      className="text-xs text-sky-700 hover:underline"
    >
      {label}
    </button>
  );
}
