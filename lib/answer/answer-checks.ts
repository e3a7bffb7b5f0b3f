/**
 * Checks that need no LLM, run after every clean run: does what the code returned fit what the question asked?
 * Shared by the browser turn (lib/ask/client/run-turn.ts) and the evaluation (bench/eval). Pure and browser-safe. Each check
 * applies only when the question says something it can test, and fails only on evidence (a wrong row count, a named
 * column or stated condition missing from the code): a check that cannot tell says nothing rather than guessing.
 */
import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import type { CellValue, JsonValue, ResultValue } from '@/workers/kernel-protocol';
import type { CheckOutcome } from './check-report';
import { readQuestion, type Measure, type NamedColumn } from './question-reading';
import { escapeRegExp } from '@/lib/text/regexp';

export interface CheckedRun {
  stdout: string;
  result: ResultValue | null;
}

export interface CheckAnswerArgs {
  question: string;
  code: string;
  run: CheckedRun;
  datasets: DatasetBrief[];
  /**
   * The code of the conversation's earlier questions: a follow-up may use what they computed ("which region has the
   * most?" after a per-region total), so a column counts as used when any of it names the column.
   */
  earlierCode?: string;
  /** Distinct values per column, when known (e.g. from a profile): "by region" must then have that many rows. */
  distinctCounts?: Record<string, number>;
}

const MEASURE_CODE: Record<Measure, RegExp> = {
  mean: /\bmean\b|\baverage\b|\bnanmean\b/i,
  median: /\bmedian\b|quantile\(\s*0?\.5\b/i,
  // Plain Python totals accumulate: `total += x`, `totals.get(key, 0) + x`.
  sum: /\bsum\b|\bcumsum\b|\+=|\.get\([^)]*\)\s*\+/i,
  std: /\bstd\b|\bvar\b|\bvariance\b|\bstdev\b/i,
  quantile: /\bquantile\b|\bpercentile\b|\bdescribe\b/i,
  correlation: /\bcorr\b|\bcorrcoef\b|\bpearsonr\b|\bspearmanr\b|\bcorrwith\b/i,
};

const MEASURE_WORDS: Record<Measure, string> = {
  mean: 'an average',
  median: 'a median',
  sum: 'a total',
  std: 'a spread (standard deviation or variance)',
  quantile: 'a percentile',
  correlation: 'a correlation',
};

/** The column is used: as a quoted name ('murder', "murder") or an attribute (df.murder). */
function codeUsesColumn({ code, column }: { code: string; column: string }): boolean {
  const name = escapeRegExp(column);
  return new RegExp(`['"]${name}['"]|\\.${name}(?![\\p{L}\\p{N}_])`, 'u').test(code);
}

/**
 * The number is compared with in the code: next to a comparison operator (`> 30`, `30 <`), inside a comparing call
 * (`.gt(30)`, `.between(1990, 2000)`, `.isin([2008])`, `query('age > 30')`) or a quoted label (`loc['2008']`).
 * 30 matches 30 and 30.0, never 130, 3.30 or 300; a bare 30 elsewhere (`width=30`, `bins=30`) is not a condition.
 */
function codeHasNumber({ code, value }: { code: string; value: string }): boolean {
  const number = Number(value);
  const forms = [...new Set([value, String(number), ...(Number.isInteger(number) ? [`${number}.0`] : [])])].map(escapeRegExp).join('|');
  const literal = `(?<![\\p{L}\\p{N}_.])(?:${forms})(?![\\p{L}\\p{N}_]|\\.\\d)`;
  const patterns = [
    `(?:[<>]=?|[=!]=)\\s*\\(?\\s*${literal}`,
    `${literal}\\s*\\)?\\s*(?:[<>]=?|[=!]=)`,
    `\\.(?:gt|ge|lt|le|eq|ne|between|isin|clip)\\([^)]*${literal}`,
    `['"][^'"\\n]*${literal}[^'"\\n]*['"]`,
  ];
  return patterns.some((pattern) => new RegExp(pattern, 'u').test(code));
}

/** The lines that compute: comments and print() calls (which may quote a column's name) are left out. */
function computingCode(code: string): string {
  return code
    .split('\n')
    .filter((line) => !/^\s*(?:#|print\()/.test(line))
    .join('\n');
}

function resultRowCount(result: ResultValue | null): number | null {
  if (!result) return null;
  if (result.kind === 'table') return result.totalRows;
  if (result.kind === 'scalar') return 1;
  if (result.kind === 'json') return Array.isArray(result.value) ? result.value.length : 1;
  return null;
}

function describeResult(result: ResultValue | null): string {
  if (!result) return 'no `result`';
  if (result.kind === 'table') return `a table of ${result.totalRows} row${result.totalRows === 1 ? '' : 's'}`;
  if (result.kind === 'scalar') return 'a single value';
  if (result.kind === 'json') return Array.isArray(result.value) ? `a list of ${result.value.length} items` : 'an object';
  if (result.kind === 'chart') return 'a chart';
  return `a ${result.pyType}`;
}

function checkRowCount({ expected, run }: { expected: number; run: CheckedRun }): CheckOutcome | null {
  const rows = resultRowCount(run.result);
  if (rows === null) return null;
  if (rows === expected) return { id: 'row-count', status: 'pass', message: `The question asks for ${expected} and the result has ${rows}.` };
  return { id: 'row-count', status: 'fail', message: `The question asks for ${expected} but the result is ${describeResult(run.result)}.` };
}

/** The result's column holding the group labels: the one named like the grouping column, else the first. */
function labelColumn({ result, group }: { result: Extract<ResultValue, { kind: 'table' }>; group: NamedColumn }): number {
  const wanted = new Set(group.columns.map((column) => column.toLowerCase()));
  const named = result.columns.findIndex((column) => wanted.has(column.toLowerCase()));
  return Math.max(named, 0);
}

function cellKey(cell: CellValue): string {
  return cell === null ? '\u0000null' : `${typeof cell}:${String(cell)}`;
}

function checkGroups({
  groups,
  run,
  rowCount,
  distinctCounts,
}: {
  groups: NamedColumn[];
  run: CheckedRun;
  rowCount: number | null;
  distinctCounts: Record<string, number> | undefined;
}): CheckOutcome | null {
  const group = groups[0];
  const result = run.result;
  if (!group || !result) return null;
  const name = group.columns.join(' / ');
  if (result.kind === 'scalar') {
    return { id: 'one-row-per-group', status: 'fail', message: `The question asks for one value per ${name}, but the result is a single value.` };
  }
  if (result.kind !== 'table' || groups.length > 1) return null;
  const column = labelColumn({ result, group });
  const labels = result.rows.map((row) => cellKey(row[column] ?? null));
  const repeated = labels.length - new Set(labels).size;
  if (repeated > 0) {
    return {
      id: 'one-row-per-group',
      status: 'fail',
      message: `The question asks for one row per ${name}, but ${repeated} group label${repeated === 1 ? ' repeats' : 's repeat'} in the result's column "${result.columns[column] ?? ''}" (not aggregated?).`,
    };
  }
  const known = group.columns.map((candidate) => distinctCounts?.[candidate]).find((count) => count !== undefined);
  if (known !== undefined && rowCount === null && result.totalRows > known) {
    return { id: 'one-row-per-group', status: 'fail', message: `${name} has ${known} distinct values, but the result has ${result.totalRows} rows.` };
  }
  return { id: 'one-row-per-group', status: 'pass', message: `One row per ${name} (${result.totalRows} rows).` };
}

const COUNT_LINE = /(?:rows|count|total|number|missing|cells|values|n)\b[^\n]{0,40}?[:=]\s*\d+/i;

function checkSingleNumber({ run }: { run: CheckedRun }): CheckOutcome | null {
  const rows = resultRowCount(run.result);
  if (rows === null && !run.stdout) return null;
  if (rows !== null && rows <= 1) return { id: 'single-number', status: 'pass', message: 'The result is a single value.' };
  if (COUNT_LINE.test(run.stdout)) return { id: 'single-number', status: 'pass', message: 'The output prints the count.' };
  return {
    id: 'single-number',
    status: 'fail',
    message: `The question asks how many, but the result is ${describeResult(run.result)} and no count is printed.`,
  };
}

function checkColumns({ columns, code }: { columns: NamedColumn[]; code: string }): CheckOutcome | null {
  if (columns.length === 0) return null;
  const required = columns.filter((named) => !named.population);
  if (required.length === 0) return null;
  const missing = required.filter((named) => !named.columns.some((column) => codeUsesColumn({ code, column })));
  if (missing.length === 0)
    return { id: 'columns', status: 'pass', message: `The code uses ${required.map((named) => named.columns.join(' or ')).join(', ')}.` };
  const described = missing.map((named) => `"${named.words}" (${named.columns.map((column) => `\`${column}\``).join(' or ')})`).join(', ');
  return { id: 'columns', status: 'fail', message: `The question names ${described}, but the code never uses ${missing.length === 1 ? 'it' : 'them'}.` };
}

function checkConditions({ numbers, values, code }: { numbers: { text: string; value: string }[]; values: string[]; code: string }): CheckOutcome | null {
  if (numbers.length === 0 && values.length === 0) return null;
  const lower = code.toLowerCase();
  const missing = [
    ...numbers.filter((condition) => !codeHasNumber({ code, value: condition.value })).map((condition) => `"${condition.text}"`),
    ...values.filter((value) => !lower.includes(value.toLowerCase())).map((value) => `"${value}"`),
  ];
  if (missing.length === 0) return { id: 'conditions', status: 'pass', message: 'Every condition the question states appears in the code.' };
  return {
    id: 'conditions',
    status: 'fail',
    message: `The question states ${missing.join(', ')}, but the code never uses ${missing.length === 1 ? 'it' : 'them'}: the answer may be for every row.`,
  };
}

function checkMeasure({ measure, code }: { measure: Measure | null; code: string }): CheckOutcome | null {
  if (!measure) return null;
  if (MEASURE_CODE[measure].test(code)) return { id: 'measure', status: 'pass', message: `The code computes ${MEASURE_WORDS[measure]}.` };
  return { id: 'measure', status: 'fail', message: `The question asks for ${MEASURE_WORDS[measure]}, but the code computes none (a count instead?).` };
}

function numbersOf(result: ResultValue | null): number[] {
  const fromJson = (value: JsonValue): number[] =>
    typeof value === 'number'
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(fromJson)
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(fromJson)
          : [];
  if (!result) return [];
  if (result.kind === 'table') return result.rows.flatMap((row) => row.filter((cell): cell is number => typeof cell === 'number'));
  if (result.kind === 'scalar') return typeof result.value === 'number' ? [result.value] : [];
  if (result.kind === 'json') return fromJson(result.value);
  return [];
}

/** A table's percentage column(s) when it names some ("percent", "pct", "%", "share"): other columns hold counts. */
function percentCells(result: ResultValue | null): ResultValue | null {
  if (result?.kind !== 'table') return result;
  const keep = result.columns.map((column, index) => (/percent|pct|%|share/i.test(column) ? index : -1)).filter((index) => index >= 0);
  if (keep.length === 0) return result;
  return { ...result, rows: result.rows.map((row) => keep.map((index) => row[index] ?? null)) };
}

function checkPercent({ run, code }: { run: CheckedRun; code: string }): CheckOutcome | null {
  const numbers = numbersOf(percentCells(run.result)).filter(Number.isFinite);
  if (numbers.length === 0) return null;
  const scaled = /\b100\b|normalize\s*=\s*True.*\*|percent|pct|:\.?\d*%/i.test(code);
  if (numbers.some((value) => value < 0 || value > 100)) {
    return { id: 'percent', status: 'fail', message: 'The question asks for percentages, but the result has values outside 0–100.' };
  }
  if (!scaled && numbers.every((value) => value <= 1)) {
    return {
      id: 'percent',
      status: 'fail',
      message: 'The question asks for percentages, but every value is between 0 and 1 and the code never scales by 100 (fractions?).',
    };
  }
  return { id: 'percent', status: 'pass', message: 'The values are percentages (0–100).' };
}

/** Every check that applies to the question, in a fixed order; fails first is not implied. */
export function checkAnswer({ question, code: source, run, datasets, earlierCode = '', distinctCounts }: CheckAnswerArgs): CheckOutcome[] {
  const reading = readQuestion({ question, datasets });
  const code = computingCode(source);
  const outcomes = [
    reading.rowCount !== null ? checkRowCount({ expected: reading.rowCount, run }) : null,
    checkGroups({ groups: reading.groupBy, run, rowCount: reading.rowCount, distinctCounts }),
    reading.howMany && reading.rowCount === null ? checkSingleNumber({ run }) : null,
    checkColumns({ columns: reading.columns, code: `${computingCode(earlierCode)}\n${code}` }),
    checkConditions({ numbers: reading.conditionNumbers, values: reading.conditionValues, code }),
    checkMeasure({ measure: reading.measure, code }),
    reading.percent ? checkPercent({ run, code }) : null,
  ];
  return outcomes.filter((outcome): outcome is CheckOutcome => outcome !== null);
}
