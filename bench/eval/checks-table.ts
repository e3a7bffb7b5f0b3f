/**
 * What the answer checks (lib/answer) and the reviewer change, counted on scored answers: wrong answers shown as
 * answers, wrong answers caught (a failed check or a reviewer's "not"/"partly"), correct answers wrongly flagged.
 * Refusals are neither shown nor caught. Pure.
 */
import type { Verdict } from './score';

export interface Flagged {
  verdict: Verdict;
  /** Names of the failed checks (empty: every check passed or none applied). */
  failedChecks: string[];
  /** The reviewer disagreed ("partly" or "not"); undefined when no reviewer ran. */
  reviewerFlagged?: boolean;
}

export interface GuardRow {
  label: string;
  answers: number;
  wrongShown: number;
  wrongCaught: number;
  correctFlagged: number;
}

export function guardRow({ label, items, guard }: { label: string; items: Flagged[]; guard: (item: Flagged) => boolean }): GuardRow {
  const answered = items.filter((item) => item.verdict !== 'refused');
  const wrong = answered.filter((item) => item.verdict === 'wrong');
  return {
    label,
    answers: answered.length,
    wrongShown: wrong.filter((item) => !guard(item)).length,
    wrongCaught: wrong.filter(guard).length,
    correctFlagged: answered.filter((item) => item.verdict === 'correct' && guard(item)).length,
  };
}

export const NO_GUARD = (): boolean => false;
export const BY_CHECKS = (item: Flagged): boolean => item.failedChecks.length > 0;
export const BY_REVIEWER = (item: Flagged): boolean => item.reviewerFlagged === true;
export const BY_BOTH = (item: Flagged): boolean => BY_CHECKS(item) || BY_REVIEWER(item);

export function renderGuardTable({ rows }: { rows: GuardRow[] }): string {
  const header = ['set · guard', 'answers', 'wrong shown as answers', 'wrong caught', 'correct flagged'];
  const body = rows.map((row) => [row.label, String(row.answers), String(row.wrongShown), String(row.wrongCaught), String(row.correctFlagged)]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
