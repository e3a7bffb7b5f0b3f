'use client';

import type { DatasetBrief } from '@/lib/ask/contracts';
import { SampleRowsBody } from '../sample-rows-body';

/** What the LLM was shown about the data for this question: schema and the few sample rows, nothing more. */
export function LlmContextView({ datasets, selectionNote }: { datasets: DatasetBrief[]; selectionNote?: string }) {
  return (
    <details data-testid="llm-context" className="rounded-md border border-slate-200 p-2 text-xs">
      <summary className="cursor-pointer text-slate-700">
        What the model was shown ({datasets.length} dataset{datasets.length === 1 ? '' : 's'})
      </summary>
      {selectionNote ? <p className="mt-1 text-slate-500">{selectionNote}</p> : null}
      {datasets.map((dataset) => (
        <div key={dataset.id} className="mt-2 space-y-1">
          <p>
            <code className="font-semibold">{dataset.variable}</code> = {dataset.displayName} ({dataset.format}, {dataset.rowEstimate.exact ? '' : '≈'}
            {dataset.rowEstimate.value.toLocaleString()} rows)
          </p>
          <div className="overflow-auto">
            <table className="text-left">
              <thead>
                <tr>
                  {dataset.columns.map((column, index) => (
                    <th key={index} className="border border-slate-200 px-1 font-medium">
                      {column.name} <span className="font-normal text-slate-500">{column.type}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <SampleRowsBody rows={dataset.sampleRows} cellClassName="border border-slate-200 px-1 font-mono" />
            </table>
          </div>
          {dataset.omittedColumns > 0 ? <p className="text-slate-500">…and {dataset.omittedColumns} more columns (not shown to the model).</p> : null}
        </div>
      ))}
    </details>
  );
}
