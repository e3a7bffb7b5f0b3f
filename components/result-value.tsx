'use client';

import type { ResultValue } from '@/workers/kernel-protocol';
import { ResultTable } from './result-table';
import { formatPythonScalar } from './format-python';

/** The run's `result` (or last expression), rendered by kind. */
export function ResultValueView({ value }: { value: ResultValue }) {
  switch (value.kind) {
    case 'table':
      return <ResultTable table={value} />;
    case 'scalar':
      return (
        <p className="font-mono text-sm">
          <span className="text-lg font-semibold">{formatPythonScalar(value.value, value.pyType)}</span>{' '}
          <span className="text-xs text-slate-500">{value.pyType}</span>
        </p>
      );
    case 'json':
      return <pre className="max-h-96 overflow-auto rounded bg-white p-2 text-xs">{JSON.stringify(value.value, null, 2)}{value.truncated ? '\n…' : ''}</pre>;
    case 'repr':
      return (
        <pre className="max-h-96 overflow-auto rounded bg-white p-2 text-xs">
          {value.text}
          {value.truncated ? '\n… (truncated)' : ''}
        </pre>
      );
  }
}
