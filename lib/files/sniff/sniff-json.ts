import { shortText } from '@/lib/text/cut-text';
import { buildTable } from './build-table';
import { estimateRows } from './estimate-rows';
import { typeOfValue } from './infer-types';
import { lineAndColumn, scanArray, skipWhitespace, valueEnd } from './json-scan';
import { failSniff, formatBytes } from './sniff-errors';
import { sniffJsonLines } from './sniff-jsonl';
import { HEAD_BYTES, INFER_ROWS } from './sniff-limits';
import type { FormatSniff, TextHead } from './sniff-types';

/**
 * A .json dataset is an array of records: `[{...}, {...}]` (what pandas.read_json and df.to_json(orient="records")
 * use). Arrays of arrays and of scalars are accepted too. A top-level object is refused with the keys it has:
 * guessing which key holds the table would be wrong as often as right, and a one-row table of a config file
 * helps nobody.
 */

type Layout = 'records' | 'rows' | 'scalars';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function where({ head, offset }: { head: TextHead; offset: number }): string {
  const { line, column } = lineAndColumn({ text: head.text, offset });
  return `line ${line}, column ${column}`;
}

/** Why JSON.parse failed, with a position people can open the file at. Truncation is named as such. */
function explainInvalidJson({ head, error }: { head: TextHead; error: unknown }): never {
  const start = skipWhitespace({ text: head.text, from: 0 });
  if (head.text[start] === '[') {
    const scan = scanArray({ text: head.text, open: start, complete: true, keep: 0 });
    if (scan.cutAt !== null && scan.errorAt === null) {
      const lastGood = scan.count > 0 ? ` The last complete record (#${scan.count}) ends at ${where({ head, offset: scan.lastEnd })}.` : '';
      failSniff({
        code: 'invalid_json',
        message:
          `“${head.displayName}” ends in the middle of a JSON value (record #${scan.count + 1} starts at ` +
          `${where({ head, offset: scan.cutAt })}); the file looks truncated.${lastGood} Upload the complete file.`,
      });
    }
    if (scan.errorAt !== null) {
      failSniff({
        code: 'invalid_json',
        message: `“${head.displayName}” is not valid JSON: unexpected ${JSON.stringify(head.text[scan.errorAt])} at ${where({ head, offset: scan.errorAt })} (expected ${scan.expected}).`,
      });
    }
  }
  const raw = error instanceof Error ? error.message : String(error);
  if (/end of JSON input/i.test(raw)) {
    failSniff({
      code: 'invalid_json',
      message: `“${head.displayName}” ends (at ${where({ head, offset: head.text.length })}) before its JSON is complete; the file looks truncated. Upload the complete file.`,
    });
  }
  const position = /position (\d+)/.exec(raw);
  // Engines quote the offending text in their message; drop it, the position is what helps.
  const reason = raw.replace(/,\s*".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const at = position ? ` at ${where({ head, offset: Number(position[1]) })}` : '';
  failSniff({ code: 'invalid_json', message: `“${head.displayName}” is not valid JSON: ${reason}${at}.` });
}

function refuseObject({ head, keys }: { head: TextHead; keys: string[] | null }): never {
  const listed =
    keys && keys.length > 0
      ? ` Its top-level keys are ${keys
          .slice(0, 8)
          .map((key) => JSON.stringify(shortText(key, 40)))
          .join(', ')}${keys.length > 8 ? '…' : ''}.`
      : '';
  failSniff({
    code: 'unsupported_json_shape',
    message:
      `“${head.displayName}” is a JSON object, not an array of records.${listed} Save the table as an array of ` +
      'objects ([{"col": 1}, …]) or as JSON Lines (one object per line), then upload it again.',
  });
}

function toRows({ values, head }: { values: unknown[]; head: TextHead }): { layout: Layout; header: string[] | null; rows: unknown[][] } {
  const present = values.filter((value) => value !== null);
  if (present.length === 0 || present.every(isRecord)) {
    const keys = new Set<string>();
    for (const value of present) if (isRecord(value)) for (const key of Object.keys(value)) keys.add(key);
    const header = [...keys];
    return { layout: 'records', header, rows: values.map((value) => header.map((key) => (isRecord(value) ? value[key] : null))) };
  }
  if (present.every((value) => Array.isArray(value))) {
    return { layout: 'rows', header: null, rows: values.map((value) => (Array.isArray(value) ? value : [])) };
  }
  if (present.every((value) => typeof value !== 'object')) {
    return { layout: 'scalars', header: null, rows: values.map((value) => [value]) };
  }
  failSniff({
    code: 'unsupported_json_shape',
    message: `“${head.displayName}” is an array that mixes objects, arrays and plain values; a table needs one kind of element (objects, one per row).`,
  });
}

function describe({
  head,
  values,
  rowEstimate,
  warnings,
}: {
  head: TextHead;
  values: unknown[];
  rowEstimate: FormatSniff['rowEstimate'];
  warnings: string[];
}): FormatSniff {
  const { layout, header, rows } = toRows({ values, head });
  const table = buildTable({ header, rows, cellType: (cell) => typeOfValue({ value: cell }) });
  if (layout === 'records' && table.columns.length === 0) {
    failSniff({ code: 'empty_file', message: `“${head.displayName}” holds only empty objects; there are no columns.` });
  }
  return {
    format: 'json',
    encoding: head.encoding,
    delimiter: null,
    decimalSeparator: '.',
    hasHeader: layout === 'records',
    columns: table.columns,
    columnCount: table.columnCount,
    sampleRows: table.sampleRows,
    rowEstimate,
    warnings: [...warnings, ...table.warnings],
  };
}

export function sniffJson({ head }: { head: TextHead }): FormatSniff {
  const start = skipWhitespace({ text: head.text, from: 0 });
  const first = head.text[start];
  if (first === '{') {
    // Several objects one after another is JSON Lines saved under .json; read it as such.
    const end = valueEnd({ text: head.text, from: start, complete: head.complete });
    if (end !== -1 && head.text[skipWhitespace({ text: head.text, from: end })] === '{') {
      const lines = sniffJsonLines({ head });
      return { ...lines, warnings: ['The file is named .json but holds one JSON object per line (JSON Lines); it is read as JSON Lines.', ...lines.warnings] };
    }
  }
  if (head.complete) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(head.text);
    } catch (error) {
      explainInvalidJson({ head, error });
    }
    if (isRecord(parsed)) refuseObject({ head, keys: Object.keys(parsed) });
    if (!Array.isArray(parsed)) {
      failSniff({ code: 'unsupported_json_shape', message: `“${head.displayName}” holds a single JSON value, not an array of records.` });
    }
    if (parsed.length === 0) failSniff({ code: 'empty_file', message: `“${head.displayName}” is an empty JSON array: there are no records.` });
    return describe({ head, values: parsed.slice(0, INFER_ROWS), rowEstimate: { value: parsed.length, exact: true }, warnings: [] });
  }

  if (first === '{') refuseObject({ head, keys: null });
  if (first !== '[') {
    failSniff({ code: 'invalid_json', message: `“${head.displayName}” does not start with a JSON array ("[") or object ("{").` });
  }
  const scan = scanArray({ text: head.text, open: start, complete: false, keep: INFER_ROWS });
  if (scan.errorAt !== null) {
    failSniff({
      code: 'invalid_json',
      message: `“${head.displayName}” is not valid JSON: unexpected ${JSON.stringify(head.text[scan.errorAt])} at ${where({ head, offset: scan.errorAt })} (expected ${scan.expected}).`,
    });
  }
  if (scan.count === 0) {
    failSniff({
      code: 'row_too_long',
      message: `The first record of “${head.displayName}” is longer than ${formatBytes({ bytes: HEAD_BYTES })}, so its fields cannot be read from the start of the file.`,
    });
  }
  const values = scan.elements.map((element) => {
    try {
      return JSON.parse(element.text) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/,\s*".*" is not valid JSON$/s, '') : 'invalid value';
      return failSniff({
        code: 'invalid_json',
        message: `“${head.displayName}” is not valid JSON: ${reason} in the record at ${where({ head, offset: element.start })}.`,
      });
    }
  });
  if (scan.closed) {
    // The array ended inside the head, yet the file goes on: whatever follows is not part of the table.
    return describe({
      head,
      values,
      rowEstimate: { value: scan.count, exact: false },
      warnings: [`The JSON array ends at ${where({ head, offset: scan.lastEnd })} but the file continues after it; that content is not part of the table.`],
    });
  }
  const rowEstimate = estimateRows({ head, rowCount: scan.count, firstRowStart: scan.firstStart, lastRowEnd: scan.lastEnd });
  return describe({ head, values, rowEstimate, warnings: [] });
}
