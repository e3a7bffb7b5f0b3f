import type { SavedAttempt } from '@/lib/share/analysis-record';
import type { ResultValue, RunResult } from '@/workers/kernel-protocol';
import { describeChart } from '@/lib/results/chart-text';
import { sameJson, toResultValue } from '../saved-outputs';
import { shortText } from '@/lib/text/cut-text';

/**
 * "Do the re-run's outputs match the saved ones?" for one turn: stdout, the result (table or value), the figure
 * count and the status. Figures are compared by count only: PNG bytes depend on fonts and renderer versions, so a
 * byte comparison would report noise. Browser-safe, pure.
 */

export interface OutputComparison {
  matches: boolean;
  stdout: boolean;
  result: boolean;
  figures: { saved: number; rerun: number; equal: boolean };
  status: { saved: SavedAttempt['status']; rerun: RunResult['status']; equal: boolean };
  /** One sentence per difference, for people ("stdout differs at line 3: …"). */
  differences: string[];
}

/** CRLF and a missing final newline are not differences people care about. */
function normalizeStdout(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
}

function firstDifferentLine(saved: string, rerun: string): string {
  const left = saved.split('\n');
  const right = rerun.split('\n');
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) {
      const clip = (line: string | undefined) => (line === undefined ? '(no line)' : JSON.stringify(shortText(line, 81)));
      return `line ${index + 1}: saved ${clip(left[index])}, now ${clip(right[index])}`;
    }
  }
  return 'whitespace only';
}

function describeResult(value: ResultValue | null): string {
  if (!value) return 'no result';
  if (value.kind === 'table') return `a ${value.totalRows}×${value.totalColumns} table`;
  return value.kind === 'repr' ? `a ${value.pyType}` : `a ${value.kind} value`;
}

function resultDifference(saved: ResultValue | null, rerun: ResultValue | null): string | null {
  if (sameJson(saved, rerun)) return null;
  if (!saved || !rerun || saved.kind !== rerun.kind) return `result differs: saved ${describeResult(saved)}, now ${describeResult(rerun)}`;
  if (saved.kind === 'table' && rerun.kind === 'table') {
    if (!sameJson(saved.columns, rerun.columns)) return `result table columns differ: saved ${saved.columns.join(', ')}; now ${rerun.columns.join(', ')}`;
    if (saved.totalRows !== rerun.totalRows) return `result table has ${rerun.totalRows} rows, saved ${saved.totalRows}`;
    for (const [rowIndex, row] of saved.rows.entries()) {
      const other = rerun.rows[rowIndex];
      const column = row.findIndex((cell, columnIndex) => !sameJson(cell, other?.[columnIndex]));
      if (column >= 0) {
        return `result table differs at row ${rowIndex + 1}, column ${saved.columns[column] ?? column + 1}: saved ${JSON.stringify(row[column])}, now ${JSON.stringify(other?.[column] ?? null)}`;
      }
    }
    return 'result table differs (types or truncation)';
  }
  return `result differs: saved ${resultText(saved)}, now ${resultText(rerun)}`;
}

/** A scalar, JSON or repr result as a short text, so a reader sees the two values side by side. */
function resultText(value: ResultValue): string {
  if (value.kind === 'table') return describeResult(value);
  if (value.kind === 'chart') return describeChart(value.spec);
  const text = value.kind === 'repr' ? value.text : JSON.stringify(value.value);
  return shortText(text, 121);
}

export function compareOutputs({ saved, rerun }: { saved: SavedAttempt; rerun: RunResult }): OutputComparison {
  const differences: string[] = [];
  const statusEqual = saved.status === rerun.status;
  if (!statusEqual) {
    differences.push(`the run ended with “${rerun.status}”${rerun.error ? ` (${rerun.error.type}: ${rerun.error.message})` : ''}, saved “${saved.status}”`);
  }
  const stdoutEqual = normalizeStdout(saved.stdout) === normalizeStdout(rerun.stdout);
  if (!stdoutEqual) differences.push(`printed output differs at ${firstDifferentLine(normalizeStdout(saved.stdout), normalizeStdout(rerun.stdout))}`);
  const savedResult = saved.result ? toResultValue(saved.result) : null;
  const resultProblem = resultDifference(savedResult, rerun.result);
  if (resultProblem) differences.push(resultProblem);
  const figures = { saved: saved.figures.length, rerun: rerun.figures.length, equal: saved.figures.length === rerun.figures.length };
  if (!figures.equal) differences.push(`${figures.rerun} figure(s) now, ${figures.saved} saved`);
  return {
    matches: differences.length === 0,
    stdout: stdoutEqual,
    result: resultProblem === null,
    figures,
    status: { saved: saved.status, rerun: rerun.status, equal: statusEqual },
    differences,
  };
}
