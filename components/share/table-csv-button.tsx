'use client';

import { downloadBlob } from '@/lib/share/download-blob';
import { tableToCsv } from '@/lib/export/export-csv';
import type { ResultValue } from '@/workers/kernel-protocol';

/** "Download CSV" for one result table: the rows that were saved (the kernel's row cap applies), formula-safe. */
export function TableCsvButton({ table, fileName }: { table: Extract<ResultValue, { kind: 'table' }>; fileName: string }) {
  return (
    <button
      type="button"
      data-testid="export-csv"
      onClick={() => downloadBlob({ content: tableToCsv({ table }), fileName, type: 'text/csv;charset=utf-8' })}
      className="text-xs text-sky-700 hover:underline"
    >
      Download table (CSV{table.truncated ? `, first ${table.rows.length} rows` : ''})
    </button>
  );
}
