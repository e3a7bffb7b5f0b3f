import { fieldCountConsistency, type ParsedHead } from './parse-delimited';

/**
 * The layout guesses of a delimited file that come before its columns: which character quotes, how many leading
 * lines are not the table, which character is the decimal point. Each answers what pandas must be told
 * (quotechar, skiprows, decimal) to read the file the way it is described.
 */

/** A .tsv is tab-separated when its first line has a tab; otherwise (a mislabelled file) the delimiter is guessed. */
export function tabIfNamedTsv({ text, preferTab }: { text: string; preferTab: boolean }): string {
  if (!preferTab) return '';
  const firstLineEnd = text.indexOf('\n');
  const firstLine = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  return firstLine.includes('\t') ? '\t' : '';
}

/**
 * R and Stata exports sometimes quote with single quotes ('popul'\t'TVnews'). Read with the usual double quote, every
 * field of such a first row starts and ends with "'": that is the quote character then.
 */
export function detectQuoteChar({ firstRow }: { firstRow: readonly string[] }): '"' | "'" {
  const quoted = firstRow.filter((cell) => cell.length >= 2 && cell.startsWith("'") && cell.endsWith("'"));
  return firstRow.length > 0 && quoted.length === firstRow.length ? "'" : '"';
}

const COUNT = /^\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Leading lines looked at for a preamble; a longer one is not a preamble but a different file. */
const MAX_PREAMBLE_ROWS = 20;

/**
 * scikit-learn's bundled CSVs (iris.csv, wine_data.csv, breast_cancer.csv) start with a line of counts instead of a
 * header: samples, features, then the class names ("150,4,setosa,versicolor,virginica"); the rows below have one
 * field per feature plus the target.
 */
function isCountsLine({ row, width }: { row: readonly string[]; width: number }): boolean {
  const [samples = '', features = '', ...labels] = row.map((cell) => cell.trim());
  if (!COUNT.test(samples) || !COUNT.test(features) || Number(features) + 1 !== width) return false;
  return labels.every((label) => label !== '' && !NUMBER.test(label));
}

/**
 * Rows (parsed, not lines) before the table: a scikit-learn counts line, or title/comment lines of a single field
 * above a table of two or more. Zero when the rows after them are not a steady table.
 */
export function detectPreambleRows({ parsed }: { parsed: ParsedHead }): number {
  const { fieldCounts, rows } = parsed;
  const leading = fieldCounts.slice(0, MAX_PREAMBLE_ROWS).findIndex((count) => count !== 1);
  const singles = leading === -1 ? 0 : leading;
  const after = fieldCountConsistency({ fieldCounts: fieldCounts.slice(singles + 1) });
  const steady = after.share >= 0.9 && fieldCounts.length - singles > 2;
  if (!steady) return 0;
  const first = rows[singles];
  if (first && isCountsLine({ row: first, width: after.width })) return singles + 1;
  return after.width >= 2 ? singles : 0;
}

/** Lines (as pandas counts them for skiprows, blank lines included) that hold the first `rows` parsed rows. */
export function linesOfRows({ text, parsed, rows }: { text: string; parsed: ParsedHead; rows: number }): number {
  if (rows === 0) return 0;
  const end = parsed.ends[rows - 1] ?? 0;
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) lines += 1;
  return lines;
}

/** The text after the first `lines` lines, and where it starts in the original. */
export function skipLines({ text, lines }: { text: string; lines: number }): { text: string; offset: number } {
  let offset = 0;
  for (let skipped = 0; skipped < lines; skipped += 1) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return { text: '', offset: text.length };
    offset = newline + 1;
  }
  return { text: text.slice(offset), offset };
}

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_DECIMAL = /^[+-]?\d+\.\d+$/;

/**
 * European exports use ";" (or tab) between fields and "," in numbers. A comma decimal is only possible when the
 * delimiter is not a comma; it is chosen when comma-decimal cells outnumber dot-decimal ones.
 */
export function detectDecimal({ rows, delimiter }: { rows: readonly string[][]; delimiter: string }): '.' | ',' {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  for (const row of rows) {
    for (const cell of row) {
      const trimmed = cell.trim();
      if (COMMA_DECIMAL.test(trimmed)) comma += 1;
      else if (DOT_DECIMAL.test(trimmed)) dot += 1;
    }
  }
  return comma > dot ? ',' : '.';
}
