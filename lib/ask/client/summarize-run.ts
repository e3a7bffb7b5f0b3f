import { chartDataText, describeChart } from '@/lib/results/chart-text';
import type { CellValue, RunResult } from '@/workers/kernel-protocol';

/**
 * A bounded text rendering of a run's outputs: what the answer model reads, what follow-up questions get as history,
 * and what provenance matches numbers against. Bounded because outputs can be huge and tokens cost money.
 */
export function summarizeRun({ result, maxChars = 12_000 }: { result: RunResult; maxChars?: number }): string {
  const parts: string[] = [];
  if (result.stdout) parts.push(`stdout:\n${clip(result.stdout, maxChars / 2)}`);
  const value = result.result;
  if (value) {
    if (value.kind === 'table') {
      const header = value.columns.join('\t');
      const rows = value.rows.slice(0, 30).map((row) => row.map(formatCell).join('\t'));
      parts.push(
        `result table (${value.totalRows} rows × ${value.totalColumns} columns${value.rows.length < value.totalRows ? ', first rows' : ''}):\n${header}\n${rows.join('\n')}`,
      );
    } else if (value.kind === 'scalar') {
      parts.push(`result: ${formatCell(value.value)} (${value.pyType})`);
    } else if (value.kind === 'json') {
      parts.push(`result: ${clip(JSON.stringify(value.value), 4000)}`);
    } else if (value.kind === 'chart') {
      parts.push(`result: ${describeChart(value.spec)}; its data: ${chartDataText(value.spec, 4000)}`);
    } else {
      parts.push(`result (${value.pyType}): ${clip(value.text, 4000)}`);
    }
  }
  if (result.figures.length > 0) parts.push(`figures: ${result.figures.map((_, index) => `Figure ${index + 1}`).join(', ')}`);
  if (result.error) parts.push(`error: ${result.error.type}: ${result.error.message}`);
  return clip(parts.join('\n\n'), maxChars);
}

function formatCell(value: CellValue): string {
  if (value === null) return 'NaN';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}
