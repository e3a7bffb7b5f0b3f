'use client';

import { jsonToTable } from '@/lib/results/json-table';
import type { ResultValue } from '@/workers/kernel-protocol';
import { formatPythonScalar } from './format-python';
import { ResultChart } from './result-chart';
import { ResultTable } from './result-table';

/** The run's `result` (or last expression), rendered by kind. `csvFileName` names a table's CSV download. */
export function ResultValueView({ value, csvFileName = 'result.csv' }: { value: ResultValue; csvFileName?: string }) {
  switch (value.kind) {
    case 'table': {
      const kind = value.source === 'series' ? 'Series' : 'DataFrame';
      const caption = `${kind}: ${value.totalRows.toLocaleString()} rows × ${value.totalColumns.toLocaleString()} columns${
        value.truncated ? ` — showing the first ${value.rows.length} rows and ${value.columns.length} columns` : ''
      }`;
      return <ResultTable table={value} caption={caption} partial={value.truncated} csvFileName={csvFileName} />;
    }
    case 'scalar':
      return (
        <p className="font-mono text-sm">
          <span className="text-lg font-semibold">{formatPythonScalar(value.value, value.pyType)}</span>{' '}
          <span className="text-xs text-slate-500">{value.pyType}</span>
        </p>
      );
    case 'json': {
      // A list of records or a dict reads as a table; anything else (nested, mixed) as JSON.
      const table = jsonToTable(value.value);
      if (table) {
        const what = Array.isArray(value.value) ? `list of ${value.value.length}` : `dict with ${Object.keys(value.value ?? {}).length} keys`;
        return (
          <ResultTable
            table={table}
            caption={`${what}: ${table.rows.length} rows × ${table.columns.length} columns`}
            partial={value.truncated}
            csvFileName={csvFileName}
          />
        );
      }
      return (
        <pre className="max-h-96 overflow-auto rounded bg-white p-2 text-xs">
          {JSON.stringify(value.value, null, 2)}
          {value.truncated ? '\n…' : ''}
        </pre>
      );
    }
    case 'chart':
      return <ResultChart chart={value} />;
    case 'repr':
      return (
        <pre className="max-h-96 overflow-auto rounded bg-white p-2 text-xs">
          {value.text}
          {value.truncated ? '\n… (truncated)' : ''}
        </pre>
      );
  }
}
