/** The eval's table (kind × correct / wrong / refused) and its totals. */
import { STANDARD_KINDS, type QuestionKind } from './question-types';
import type { Verdict } from './score';

export interface Scored {
  id: string;
  kind: QuestionKind;
  verdict: Verdict;
}

export interface Row {
  kind: string;
  total: number;
  correct: number;
  wrong: number;
  refused: number;
}

function rowOf({ kind, items }: { kind: string; items: Scored[] }): Row {
  const count = (verdict: Verdict): number => items.filter((item) => item.verdict === verdict).length;
  return { kind, total: items.length, correct: count('correct'), wrong: count('wrong'), refused: count('refused') };
}

export function tableRows({ scored }: { scored: Scored[] }): Row[] {
  const kinds: QuestionKind[] = [...STANDARD_KINDS, 'out-of-repertoire'];
  const standard = scored.filter((item) => item.kind !== 'out-of-repertoire');
  return [
    ...kinds.map((kind) => rowOf({ kind, items: scored.filter((item) => item.kind === kind) })),
    rowOf({ kind: 'standard kinds', items: standard }),
    rowOf({ kind: 'all', items: scored }),
  ];
}

export function renderTable({ rows }: { rows: Row[] }): string {
  const header = ['kind', 'n', 'correct', 'wrong', 'refused'];
  const body = rows.map((row) => [row.kind, String(row.total), String(row.correct), String(row.wrong), String(row.refused)]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
