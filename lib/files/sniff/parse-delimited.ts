import Papa from 'papaparse';
import { WHITESPACE_DELIMITER } from './read-options-schema';
import { INFER_ROWS } from './sniff-limits';

/** The delimiters papaparse may guess, in its tie-break order; whitespace runs are tried only when none fits. */
const GUESSED_DELIMITERS = [',', ';', '\t', '|'];

export interface ParsedHead {
  /** The first complete rows: a header candidate plus up to INFER_ROWS rows for inference. */
  rows: string[][];
  /** Field count of every complete row in the head. */
  fieldCounts: number[];
  /** Character offset just after each complete row. */
  ends: number[];
  delimiter: string;
  quoteProblem: { start: number; message: string } | null;
}

/**
 * When the head is not the whole file its last row is dropped: it may be cut, and a quoted field cut in the middle
 * would otherwise pass for a complete one.
 */
function dropCutRow({ parsed, complete }: { parsed: ParsedHead; complete: boolean }): ParsedHead {
  if (complete || parsed.ends.length === 0) return parsed;
  parsed.ends.pop();
  parsed.fieldCounts.pop();
  if (parsed.rows.length > parsed.ends.length) parsed.rows.pop();
  const lastEnd = parsed.ends.at(-1) ?? 0;
  if (parsed.quoteProblem && parsed.quoteProblem.start >= lastEnd) parsed.quoteProblem = null;
  return parsed;
}

/** One pass over the head with papaparse (quotes, quoted newlines, CRLF, delimiter guessing when `delimiter` is ''). */
function parseWithPapa({ text, delimiter, quoteChar }: { text: string; delimiter: string; quoteChar: string }): ParsedHead {
  const parsed: ParsedHead = { rows: [], fieldCounts: [], ends: [], delimiter: delimiter || ',', quoteProblem: null };
  Papa.parse<string[]>(text, {
    delimiter,
    delimitersToGuess: GUESSED_DELIMITERS,
    quoteChar,
    escapeChar: quoteChar,
    skipEmptyLines: 'greedy',
    step: (result) => {
      parsed.delimiter = result.meta.delimiter;
      const start = parsed.ends.at(-1) ?? 0;
      parsed.ends.push(result.meta.cursor);
      parsed.fieldCounts.push(result.data.length);
      if (parsed.rows.length <= INFER_ROWS) parsed.rows.push(result.data);
      const quoteError = result.errors.find((error) => error.type === 'Quotes');
      if (quoteError && !parsed.quoteProblem) parsed.quoteProblem = { start, message: quoteError.message };
    },
  });
  return parsed;
}

/**
 * Fields separated by runs of spaces or tabs, leading and trailing blanks ignored, as pandas reads `sep=r"\s+"`. A
 * field that starts with the quote character runs to the matching quote (a doubled quote inside stands for one).
 */
export function splitWhitespace({ line, quoteChar }: { line: string; quoteChar: string }): string[] {
  const fields: string[] = [];
  let index = 0;
  while (index < line.length) {
    while (index < line.length && (line[index] === ' ' || line[index] === '\t' || line[index] === '\r')) index += 1;
    if (index >= line.length) break;
    let field = '';
    if (line[index] === quoteChar) {
      index += 1;
      while (index < line.length) {
        if (line[index] === quoteChar) {
          if (line[index + 1] === quoteChar) {
            field += quoteChar;
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        field += line[index];
        index += 1;
      }
    }
    while (index < line.length && line[index] !== ' ' && line[index] !== '\t' && line[index] !== '\r') {
      field += line[index];
      index += 1;
    }
    fields.push(field);
  }
  return fields;
}

function parseWhitespace({ text, quoteChar }: { text: string; quoteChar: string }): ParsedHead {
  const parsed: ParsedHead = { rows: [], fieldCounts: [], ends: [], delimiter: WHITESPACE_DELIMITER, quoteProblem: null };
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    const fields = splitWhitespace({ line: text.slice(start, newline === -1 ? text.length : newline), quoteChar });
    start = end;
    if (fields.length === 0) continue; // blank lines are skipped, as pandas does
    parsed.ends.push(end);
    parsed.fieldCounts.push(fields.length);
    if (parsed.rows.length <= INFER_ROWS) parsed.rows.push(fields);
  }
  return parsed;
}

/** Share of the first rows that have exactly the most common field count, and that count. */
export function fieldCountConsistency({ fieldCounts }: { fieldCounts: readonly number[] }): { width: number; share: number } {
  const probe = fieldCounts.slice(0, 200);
  const tally = new Map<number, number>();
  for (const count of probe) tally.set(count, (tally.get(count) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [count, seen] of tally) {
    if (seen > best || (seen === best && count > width)) [width, best] = [count, seen];
  }
  return { width, share: probe.length === 0 ? 0 : best / probe.length };
}

/**
 * Parses the head with a delimiter ('' guesses among , ; tab |). A guess that leaves every row a single field while
 * splitting on runs of blanks gives a steady two or more is the whitespace layout of .dat/.txt files.
 */
export function parseHead({ text, complete, delimiter, quoteChar }: { text: string; complete: boolean; delimiter: string; quoteChar: string }): ParsedHead {
  if (delimiter === WHITESPACE_DELIMITER) return dropCutRow({ parsed: parseWhitespace({ text, quoteChar }), complete });
  const parsed = dropCutRow({ parsed: parseWithPapa({ text, delimiter, quoteChar }), complete });
  if (delimiter !== '' || parsed.fieldCounts.some((count) => count > 1)) return parsed;
  const spaced = dropCutRow({ parsed: parseWhitespace({ text, quoteChar }), complete });
  const { width, share } = fieldCountConsistency({ fieldCounts: spaced.fieldCounts });
  return width >= 2 && share >= 0.9 ? spaced : parsed;
}

/**
 * 1-based line number of the row starting at a character offset, for messages people can act on. Blank lines are
 * skipped first: papaparse skips them too, so a row's start offset can point at the blank lines before it.
 */
export function lineAt({ text, offset }: { text: string; offset: number }): number {
  let start = offset;
  for (let newline = text.indexOf('\n', start); newline !== -1 && text.slice(start, newline).trim() === ''; newline = text.indexOf('\n', start)) {
    start = newline + 1;
  }
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < start; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}
