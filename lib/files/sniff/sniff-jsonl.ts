import { shortText } from '@/lib/text/cut-text';
import { buildTable } from './build-table';
import { estimateRows } from './estimate-rows';
import { typeOfValue } from './infer-types';
import { failSniff, formatBytes } from './sniff-errors';
import { HEAD_BYTES, INFER_ROWS, MAX_EXAMPLES } from './sniff-limits';
import type { FormatSniff, TextHead } from './sniff-types';

/**
 * JSON Lines: one object per line. A line that does not parse is reported by number and skipped here; the file is
 * refused only when no line at all is a JSON object. pandas (read_json(lines=True)) stops at a bad line, so the
 * warning says so.
 */

interface BadLine {
  line: number;
  reason: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reasonOf({ error }: { error: unknown }): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Engines quote the offending text; keep only the reason, short.
  return shortText(raw.replace(/,\s*".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, ''), 80);
}

function describeBadLines({ bad }: { bad: BadLine[] }): string {
  const examples = bad
    .slice(0, MAX_EXAMPLES)
    .map((entry) => `line ${entry.line} (${entry.reason})`)
    .join(', ');
  const more = bad.length > MAX_EXAMPLES ? ` and ${bad.length - MAX_EXAMPLES} more` : '';
  const subject = bad.length === 1 ? '1 line is' : `${bad.length} lines are`;
  return (
    `${subject} not a valid JSON object: ${examples}${more}. They were skipped here, but pandas stops at the first ` +
    'one: fix or remove them before analysing.'
  );
}

export function sniffJsonLines({ head }: { head: TextHead }): FormatSniff {
  const { text } = head;
  // Without the whole file, whatever follows the last newline may be a cut line.
  const usableEnd = head.complete ? text.length : text.lastIndexOf('\n') + 1;
  const records: Record<string, unknown>[] = [];
  const bad: BadLine[] = [];
  let goodCount = 0;
  let firstStart = -1;
  let lastEnd = 0;
  let lineNumber = 0;
  for (let start = 0; start < usableEnd; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline >= usableEnd ? usableEnd : newline + 1;
    lineNumber += 1;
    const line = text.slice(start, end).trim();
    if (line !== '') {
      if (firstStart === -1) firstStart = start;
      lastEnd = end;
      try {
        const value: unknown = JSON.parse(line);
        if (isRecord(value)) {
          goodCount += 1;
          if (records.length < INFER_ROWS) records.push(value);
        } else bad.push({ line: lineNumber, reason: Array.isArray(value) ? 'an array, not an object' : 'a plain value, not an object' });
      } catch (error) {
        bad.push({ line: lineNumber, reason: reasonOf({ error }) });
      }
    }
    start = end;
  }

  if (goodCount === 0) {
    if (bad.length > 0) {
      failSniff({ code: 'invalid_jsonl', message: `No line of “${head.displayName}” is a JSON object. ${describeBadLines({ bad })}` });
    }
    if (head.complete) failSniff({ code: 'empty_file', message: `“${head.displayName}” has no records.` });
    failSniff({
      code: 'row_too_long',
      message: `The first line of “${head.displayName}” is longer than ${formatBytes({ bytes: HEAD_BYTES })}, so its fields cannot be read from the start of the file.`,
    });
  }

  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  const header = [...keys];
  const rows = records.map((record) => header.map((key) => record[key]));
  const table = buildTable({ header, rows, cellType: (cell) => typeOfValue({ value: cell }) });
  const warnings = [...table.warnings];
  if (bad.length > 0) warnings.unshift(describeBadLines({ bad }));
  // Estimated from all lines (good and bad share the same average size); counted exactly from good ones.
  const estimate = estimateRows({ head, rowCount: goodCount + bad.length, firstRowStart: Math.max(firstStart, 0), lastRowEnd: lastEnd });
  return {
    format: 'jsonl',
    encoding: head.encoding,
    delimiter: null,
    decimalSeparator: '.',
    hasHeader: true,
    columns: table.columns,
    columnCount: table.columnCount,
    sampleRows: table.sampleRows,
    rowEstimate: head.complete ? { value: goodCount, exact: true } : estimate,
    warnings,
  };
}
