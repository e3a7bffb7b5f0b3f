/**
 * Scoring one answer against its truth. Pure, so it is unit-tested without Python. An answer is `correct` when the
 * truth's numbers are in what the code returned or printed (within a rounding tolerance: the planner prints 4
 * decimals, pandas' to_string 6 significant digits), `refused` when the planner declined or said plainly that it
 * answered something else, and `wrong` otherwise (a silently wrong answer, or a run that failed).
 */
import type { CellValue, JsonValue, ResultValue } from '@/workers/kernel-protocol';
import type { Check } from './question-types';

export type Verdict = 'correct' | 'wrong' | 'refused';

/** What the truth side sends: a number, a list, or a Series as [label, value] pairs. */
export type TruthValue = number | null | string | boolean | TruthValue[] | { series: [string, TruthValue][] };

export interface AnswerRun {
  status: string;
  stdout: string;
  result: ResultValue | null;
}

export type Answer = { planned: false; message: string } | { planned: true; plan: string; declaresSubstitution: boolean; run: AnswerRun };

export function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(5e-5, 1e-4 * Math.abs(expected));
}

function asNumber(value: CellValue | JsonValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function jsonNumbers(value: JsonValue): number[] {
  if (Array.isArray(value)) return value.flatMap(jsonNumbers);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(jsonNumbers);
  const number = asNumber(value);
  return number === null ? [] : [number];
}

/** Every number the answer shows: the result's cells/values and the numbers in the printed output. */
export function answerNumbers(run: AnswerRun): number[] {
  const fromStdout = (run.stdout.match(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g) ?? []).map(Number);
  const result = run.result;
  if (!result) return fromStdout;
  if (result.kind === 'table') return [...result.rows.flatMap((row) => row.flatMap((cell) => asNumber(cell) ?? [])), ...fromStdout];
  if (result.kind === 'json') return [...jsonNumbers(result.value), ...fromStdout];
  if (result.kind === 'scalar') return [...(asNumber(result.value) === null ? [] : [asNumber(result.value) ?? 0]), ...fromStdout];
  return fromStdout;
}

function flatTruth(value: TruthValue): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(flatTruth);
  if (value !== null && typeof value === 'object') return value.series.flatMap(([, item]) => flatTruth(item));
  return [];
}

function sameLabel(cell: CellValue, label: string): boolean {
  const text = String(cell).trim();
  if (text === label.trim()) return true;
  const left = asNumber(cell);
  const right = asNumber(label);
  return left !== null && right !== null && left === right;
}

/** Row index holding the label and, in another cell, its value; -1 when none does. */
function rowOf({ rows, label, value }: { rows: CellValue[][]; label: string; value: number }): number {
  return rows.findIndex((row) =>
    row.some(
      (cell, index) => sameLabel(cell, label) && row.some((other, at) => at !== index && asNumber(other) !== null && close(asNumber(other) ?? NaN, value)),
    ),
  );
}

function seriesMatches({ run, truth, exact }: { run: AnswerRun; truth: TruthValue; exact: boolean }): boolean {
  const result = run.result;
  if (result?.kind !== 'table' || truth === null || typeof truth !== 'object' || Array.isArray(truth)) return false;
  const pairs = truth.series.flatMap(([label, value]) => (typeof value === 'number' ? [{ label, value }] : []));
  if (pairs.length === 0) return false;
  const found = pairs.map(({ label, value }) => rowOf({ rows: result.rows, label, value }));
  if (found.some((index) => index < 0)) return false;
  return !exact || (result.totalRows === pairs.length && found.every((index, position) => index === position));
}

/** Some column of the result table equals the truth's values, in order and count. */
function valuesMatch({ run, truth }: { run: AnswerRun; truth: TruthValue }): boolean {
  const result = run.result;
  const expected = flatTruth(truth);
  // A long table reaches the page cut to its first rows: those must match, and the full count must.
  if (result?.kind !== 'table' || expected.length === 0 || result.totalRows !== expected.length || result.rows.length === 0) return false;
  return result.columns.some((_, column) =>
    result.rows.every((row, index) => {
      const actual = asNumber(row[column]);
      const wanted = expected[index];
      return actual !== null && wanted !== undefined && close(actual, wanted);
    }),
  );
}

function matchesTruth({ check, run, truth }: { check: Check; run: AnswerRun; truth: TruthValue }): boolean {
  if (run.status !== 'ok') return false;
  if (check.type === 'numbers') {
    const expected = flatTruth(truth);
    const shown = answerNumbers(run);
    return expected.length > 0 && expected.every((value) => shown.some((number) => close(number, value)));
  }
  if (check.type === 'series') return seriesMatches({ run, truth, exact: check.exact === true });
  if (check.type === 'values') return valuesMatch({ run, truth });
  return false;
}

export function scoreAnswer({ check, answer, truth }: { check: Check; answer: Answer; truth: TruthValue | undefined }): { verdict: Verdict; why: string } {
  if (!answer.planned) return { verdict: 'refused', why: answer.message.slice(0, 200) };
  if (check.type === 'refuse') {
    return answer.declaresSubstitution
      ? { verdict: 'refused', why: 'answered something else and said so' }
      : { verdict: 'wrong', why: `answered instead of declining: ${answer.plan.slice(0, 160)}` };
  }
  if (truth === undefined) return { verdict: 'wrong', why: 'no truth (the truth expression failed)' };
  if (answer.run.status !== 'ok') return { verdict: 'wrong', why: `run ${answer.run.status}` };
  if (matchesTruth({ check, run: answer.run, truth })) return { verdict: 'correct', why: 'matches the truth' };
  if (answer.declaresSubstitution) return { verdict: 'refused', why: 'answered something else and said so' };
  return { verdict: 'wrong', why: `numbers differ: ${answer.plan.slice(0, 160)}` };
}
