import { shortText } from '@/lib/text/cut-text';
import { buildTable } from './build-table';
import type { SampleCell } from './dataset-meta';
import { detectHeader } from './detect-header';
import { detectDecimal, detectPreambleRows, detectQuoteChar, linesOfRows, skipLines, tabIfNamedTsv } from './detect-layout';
import { estimateRows } from './estimate-rows';
import { typeOfText } from './infer-types';
import { lineAt, parseHead, type ParsedHead } from './parse-delimited';
import type { ReadOptions } from './read-options-schema';
import { failSniff, formatBytes } from './sniff-errors';
import { HEAD_BYTES, INFER_ROWS, MAX_CELL_CHARS, MAX_EXAMPLES } from './sniff-limits';
import type { FormatSniff, TextHead } from './sniff-types';

/** `skipped` lines come before `text` in the file, so line numbers are the file's own. */
function describeRagged({ parsed, text, skipped }: { parsed: ParsedHead; text: string; skipped: number }): string | null {
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
      examples.push(`line ${skipped + lineAt({ text, offset: parsed.ends[index - 1] ?? 0 })} has ${fields}`);
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
  return shortText(value, MAX_CELL_CHARS);
}

/** How the head is to be split: what the analyst forced, else what the first look found. */
interface Layout {
  delimiter: string;
  quoteChar: '"' | "'";
  skipRows: number;
}

/**
 * Delimiter, quote character and preamble, each taken from `forced` when the analyst set it. The quote is settled
 * before the preamble (a quoted header must be read whole to be recognised) and the delimiter first of all (the
 * guess does not depend on the quote).
 */
function settleLayout({ head, preferTab, forced }: { head: TextHead; preferTab: boolean; forced: ReadOptions }): Layout {
  const firstLook = parseHead({
    text: head.text,
    complete: head.complete,
    delimiter: forced.delimiter ?? tabIfNamedTsv({ text: head.text, preferTab }),
    quoteChar: forced.quoteChar ?? '"',
  });
  const delimiter = firstLook.delimiter;
  const skipFirst = forced.skipRows ?? 0;
  const firstRow = firstLook.rows[forced.skipRows === undefined ? 0 : rowsWithinLines({ text: head.text, parsed: firstLook, lines: skipFirst })] ?? [];
  const quoteChar = forced.quoteChar ?? detectQuoteChar({ firstRow });
  if (forced.skipRows !== undefined) return { delimiter, quoteChar, skipRows: forced.skipRows };
  const parsed = quoteChar === '"' ? firstLook : parseHead({ text: head.text, complete: head.complete, delimiter, quoteChar });
  const preamble = detectPreambleRows({ parsed });
  return { delimiter, quoteChar, skipRows: linesOfRows({ text: head.text, parsed, rows: preamble }) };
}

/** Parsed rows that end within the first `lines` lines: the index of the first row after a skip of `lines`. */
function rowsWithinLines({ text, parsed, lines }: { text: string; parsed: ParsedHead; lines: number }): number {
  const { offset } = skipLines({ text, lines });
  const index = parsed.ends.findIndex((end) => end > offset);
  return index === -1 ? parsed.ends.length : index;
}

function refuseEmpty({ head, skipRows }: { head: TextHead; skipRows: number }): never {
  if (head.complete) {
    failSniff({
      code: 'empty_file',
      message: skipRows > 0 ? `“${head.displayName}” has no rows after the ${skipRows} skipped.` : `“${head.displayName}” has no rows.`,
    });
  }
  if (skipRows > 0) {
    failSniff({
      code: 'row_too_long',
      message: `No complete row of “${head.displayName}” follows the ${skipRows} skipped lines within its first ${formatBytes({ bytes: HEAD_BYTES })}.`,
    });
  }
  failSniff({
    code: 'row_too_long',
    message:
      `The first row of “${head.displayName}” is longer than ${formatBytes({ bytes: HEAD_BYTES })}, so its columns ` +
      'cannot be read from the start of the file. Check that it is a table with one record per line.',
  });
}

function describeLayout({ layout, detectedSkip }: { layout: Layout; detectedSkip: boolean }): string[] {
  const notes: string[] = [];
  if (detectedSkip && layout.skipRows > 0) {
    notes.push(
      `The first ${layout.skipRows === 1 ? 'line is' : `${layout.skipRows} lines are`} not part of the table (a title or a line of counts) and ${layout.skipRows === 1 ? 'is' : 'are'} skipped.`,
    );
  }
  if (layout.delimiter === ' ') notes.push('Fields are separated by runs of spaces or tabs.');
  if (layout.quoteChar === "'") notes.push('Fields are quoted with single quotes.');
  return notes;
}

/**
 * Describes a delimited text file from its head. `forced` holds what the analyst corrected (lib/files/sniff/
 * read-options-schema.ts): each field set there replaces the guess, and the description is what pandas reads with
 * those options (lib/files/binding-options.ts).
 */
export function sniffCsv({ head, preferTab, forced = {} }: { head: TextHead; preferTab: boolean; forced?: ReadOptions }): FormatSniff {
  const layout = settleLayout({ head, preferTab, forced });
  const body = skipLines({ text: head.text, lines: layout.skipRows });
  const parsed = parseHead({ text: body.text, complete: head.complete, delimiter: layout.delimiter, quoteChar: layout.quoteChar });
  if (parsed.ends.length === 0) refuseEmpty({ head, skipRows: layout.skipRows });
  const decimal = forced.decimal ?? detectDecimal({ rows: parsed.rows.slice(1), delimiter: parsed.delimiter });
  const thousands = forced.thousands ?? '';
  const cellType = (cell: unknown) => (typeof cell === 'string' ? typeOfText({ text: cell, decimal, thousands }) : null);
  const [firstRow = [], ...rest] = parsed.rows;
  const hasHeader = forced.hasHeader ?? detectHeader({ firstRow, dataRows: rest, cellType });
  const dataRows = hasHeader ? rest : parsed.rows.slice(0, INFER_ROWS);
  const table = buildTable({ header: hasHeader ? firstRow : null, rows: dataRows, cellType, sampleCell: csvSampleCell });

  const warnings = [...describeLayout({ layout, detectedSkip: forced.skipRows === undefined }), ...table.warnings];
  const ragged = describeRagged({ parsed, text: body.text, skipped: layout.skipRows });
  if (ragged) warnings.push(ragged);
  if (parsed.quoteProblem) {
    warnings.push(
      `Line ${layout.skipRows + lineAt({ text: body.text, offset: parsed.quoteProblem.start })}: ${parsed.quoteProblem.message.toLowerCase()}; ` +
        'fields after it may be merged.',
    );
  }
  const rowCount = parsed.ends.length - (hasHeader ? 1 : 0);
  const firstRowStart = body.offset + (hasHeader ? (parsed.ends[0] ?? 0) : 0);
  if (!head.complete && rowCount === 0) {
    warnings.push(`No complete data row fits in the first ${formatBytes({ bytes: HEAD_BYTES })}; the row count is unknown.`);
  }
  const format = parsed.delimiter === '\t' ? 'tsv' : 'csv';
  if (preferTab && format !== 'tsv') {
    warnings.push(`The file is named .tsv but its fields are separated by ${parsed.delimiter === ' ' ? 'runs of spaces' : JSON.stringify(parsed.delimiter)}.`);
  }
  return {
    format,
    encoding: head.encoding,
    delimiter: parsed.delimiter,
    decimalSeparator: decimal,
    ...(thousands ? { thousandsSeparator: thousands } : {}),
    ...(layout.quoteChar !== '"' ? { quoteChar: layout.quoteChar } : {}),
    ...(layout.skipRows > 0 ? { skipRows: layout.skipRows } : {}),
    hasHeader,
    columns: table.columns,
    columnCount: table.columnCount,
    sampleRows: table.sampleRows,
    rowEstimate: estimateRows({ head, rowCount, firstRowStart, lastRowEnd: body.offset + (parsed.ends.at(-1) ?? 0) }),
    warnings,
  };
}
