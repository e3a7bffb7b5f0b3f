import Papa from 'papaparse';
import { buildTable, truncateText } from './build-table';
import type { SampleCell } from './dataset-meta';
import { detectHeader } from './detect-header';
import { estimateRows } from './estimate-rows';
import { typeOfText } from './infer-types';
import { failSniff, formatBytes } from './sniff-errors';
import { HEAD_BYTES, INFER_ROWS, MAX_CELL_CHARS, MAX_EXAMPLES } from './sniff-limits';
import type { FormatSniff, TextHead } from './sniff-types';

/** The delimiters we recognise, in papaparse's tie-break order. */
const DELIMITERS = [',', ';', '\t', '|'];

interface ParsedHead {
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
 * One pass over the head with papaparse (quotes, quoted newlines, CRLF, delimiter guessing). When the head is not
 * the whole file its last row is dropped: it may be cut, and a quoted field cut in the middle would otherwise pass
 * for a complete one.
 */
function parseHead({ text, complete, delimiter }: { text: string; complete: boolean; delimiter: string }): ParsedHead {
  const rows: string[][] = [];
  const fieldCounts: number[] = [];
  const ends: number[] = [];
  // An array rather than a `let`: assignments inside the step callback are invisible to TypeScript's narrowing.
  const quoteProblems: NonNullable<ParsedHead['quoteProblem']>[] = [];
  let detected = delimiter || ',';
  Papa.parse<string[]>(text, {
    delimiter,
    delimitersToGuess: DELIMITERS,
    skipEmptyLines: 'greedy',
    step: (result) => {
      detected = result.meta.delimiter;
      const start = ends.at(-1) ?? 0;
      ends.push(result.meta.cursor);
      fieldCounts.push(result.data.length);
      if (rows.length <= INFER_ROWS) rows.push(result.data);
      const quoteError = result.errors.find((error) => error.type === 'Quotes');
      if (quoteError && quoteProblems.length === 0) quoteProblems.push({ start, message: quoteError.message });
    },
  });
  if (!complete && ends.length > 0) {
    ends.pop();
    fieldCounts.pop();
    if (rows.length > ends.length) rows.pop();
  }
  const lastEnd = ends.at(-1) ?? 0;
  const problem = quoteProblems[0];
  const keptProblem = problem && (complete || problem.start < lastEnd) ? problem : null;
  return { rows, fieldCounts, ends, delimiter: detected, quoteProblem: keptProblem };
}

/**
 * 1-based line number of the row starting at a character offset, for messages people can act on. Blank lines are
 * skipped first: papaparse skips them too, so a row's start offset can point at the blank lines before it.
 */
function lineAt({ text, offset }: { text: string; offset: number }): number {
  let start = offset;
  for (let newline = text.indexOf('\n', start); newline !== -1 && text.slice(start, newline).trim() === ''; newline = text.indexOf('\n', start)) {
    start = newline + 1;
  }
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < start; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/**
 * A .tsv is tab-separated when its first line has a tab; otherwise (a mislabelled file) papaparse guesses.
 */
function chooseDelimiter({ text, preferTab }: { text: string; preferTab: boolean }): string {
  if (!preferTab) return '';
  const firstLineEnd = text.indexOf('\n');
  const firstLine = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  return firstLine.includes('\t') ? '\t' : '';
}

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_DECIMAL = /^[+-]?\d+\.\d+$/;

/**
 * European exports use ";" (or tab) between fields and "," in numbers. A comma decimal is only possible when the
 * delimiter is not a comma; it is chosen when comma-decimal cells outnumber dot-decimal ones.
 */
function detectDecimal({ rows, delimiter }: { rows: readonly string[][]; delimiter: string }): '.' | ',' {
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

function describeRagged({ parsed, text }: { parsed: ParsedHead; text: string }): string | null {
  const first = parsed.fieldCounts[0] ?? 0;
  const examples: string[] = [];
  let count = 0;
  let longer = false;
  for (let index = 1; index < parsed.fieldCounts.length; index += 1) {
    const fields = parsed.fieldCounts[index] ?? 0;
    if (fields === first) continue;
    count += 1;
    if (fields > first) longer = true;
    if (examples.length < MAX_EXAMPLES) {
      examples.push(`line ${lineAt({ text, offset: parsed.ends[index - 1] ?? 0 })} has ${fields}`);
    }
  }
  if (count === 0) return null;
  const consequence = longer
    ? ' Missing fields read as empty; pandas stops at rows with extra fields unless told to skip them (on_bad_lines).'
    : ' Missing fields read as empty.';
  return (
    `${count} of ${parsed.fieldCounts.length - 1} rows checked have a different number of fields than the first ` +
    `row (${first}): ${examples.join(', ')}.${consequence}`
  );
}

/** Raw text is what people recognise (and shows the date format), so CSV samples keep it; empty cells are null. */
function csvSampleCell(value: unknown): SampleCell {
  if (typeof value !== 'string' || value === '') return null;
  return truncateText({ text: value, max: MAX_CELL_CHARS });
}

export function sniffCsv({ head, preferTab }: { head: TextHead; preferTab: boolean }): FormatSniff {
  const parsed = parseHead({ text: head.text, complete: head.complete, delimiter: chooseDelimiter({ text: head.text, preferTab }) });
  if (parsed.ends.length === 0) {
    if (head.complete) failSniff({ code: 'empty_file', message: `“${head.displayName}” has no rows.` });
    failSniff({
      code: 'row_too_long',
      message:
        `The first row of “${head.displayName}” is longer than ${formatBytes({ bytes: HEAD_BYTES })}, so its columns ` +
        'cannot be read from the start of the file. Check that it is a table with one record per line.',
    });
  }
  const decimal = detectDecimal({ rows: parsed.rows.slice(1), delimiter: parsed.delimiter });
  const cellType = (cell: unknown) => (typeof cell === 'string' ? typeOfText({ text: cell, decimal }) : null);
  const [firstRow = [], ...rest] = parsed.rows;
  const hasHeader = detectHeader({ firstRow, dataRows: rest, cellType });
  const dataRows = hasHeader ? rest : parsed.rows.slice(0, INFER_ROWS);
  const table = buildTable({ header: hasHeader ? firstRow : null, rows: dataRows, cellType, sampleCell: csvSampleCell });

  const warnings = [...table.warnings];
  const ragged = describeRagged({ parsed, text: head.text });
  if (ragged) warnings.push(ragged);
  if (parsed.quoteProblem) {
    warnings.push(
      `Line ${lineAt({ text: head.text, offset: parsed.quoteProblem.start })}: ${parsed.quoteProblem.message.toLowerCase()}; ` +
        'fields after it may be merged.',
    );
  }
  const rowCount = parsed.ends.length - (hasHeader ? 1 : 0);
  const firstRowStart = hasHeader ? (parsed.ends[0] ?? 0) : 0;
  if (!head.complete && rowCount === 0) {
    warnings.push(`No complete data row fits in the first ${formatBytes({ bytes: HEAD_BYTES })}; the row count is unknown.`);
  }
  const format = parsed.delimiter === '\t' ? 'tsv' : 'csv';
  if (preferTab && format !== 'tsv') {
    warnings.push(`The file is named .tsv but its fields are separated by ${JSON.stringify(parsed.delimiter)}.`);
  }
  return {
    format,
    encoding: head.encoding,
    delimiter: parsed.delimiter,
    decimalSeparator: decimal,
    hasHeader,
    columns: table.columns,
    columnCount: table.columnCount,
    sampleRows: table.sampleRows,
    rowEstimate: estimateRows({ head, rowCount, firstRowStart, lastRowEnd: parsed.ends.at(-1) ?? 0 }),
    warnings,
  };
}
