import type { DatasetSummary } from '@/lib/files/dataset-types';
import { SampleRowsBody } from './sample-rows-body';

/**
 * Columns, types and sample rows of a dataset, from its meta record. Names and cells are untrusted text: React
 * escapes them, and `dir="auto"` on each cell keeps a right-to-left value from reordering its neighbours.
 */
export function DatasetSchema({ dataset }: { dataset: DatasetSummary }) {
  const { columns, sampleRows, columnCount, warnings, sheets } = dataset;
  const hidden = columnCount - columns.length;
  return (
    <div data-testid="file-schema" className="space-y-2 text-xs">
      <table className="w-full border-collapse" aria-label={`Columns of ${dataset.displayName}`}>
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-0.5 pr-2 font-medium">Column</th>
            <th className="py-0.5 pr-2 font-medium">Type</th>
            <th className="py-0.5 font-medium">Missing values</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name} data-testid="schema-column" className="border-t border-slate-100">
              <td className="py-0.5 pr-2 font-mono [overflow-wrap:anywhere]" dir="auto">
                {column.name}
                {column.originalName ? <span className="ml-1 text-slate-500">(was “{column.originalName}”)</span> : null}
              </td>
              <td className="py-0.5 pr-2 text-slate-600">{column.type}</td>
              <td className="py-0.5 text-slate-600">{column.nullable ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 ? <p className="text-slate-500">…and {hidden.toLocaleString()} more columns.</p> : null}
      {sheets && sheets.length > 1 ? <p className="text-slate-500">Sheets: {sheets.map((sheet) => sheet.name).join(', ')} (the first is described).</p> : null}
      {sampleRows.length > 0 ? (
        <div className="max-h-48 overflow-auto rounded border border-slate-200">
          <table data-testid="schema-sample" className="w-full border-collapse font-mono" aria-label="Sample rows">
            <thead className="bg-slate-50">
              <tr>
                {columns.slice(0, sampleRows[0]?.length ?? 0).map((column) => (
                  <th key={column.name} className="px-1.5 py-0.5 text-left font-medium" dir="auto">
                    {column.name}
                  </th>
                ))}
              </tr>
            </thead>
            <SampleRowsBody rows={sampleRows} rowClassName="border-t border-slate-100" cellClassName="max-w-40 truncate px-1.5 py-0.5" autoDirection />
          </table>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-4 text-amber-700">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
