import type { SavedAttempt, SavedResult } from './analysis-record';
import { singleLineText } from '@/lib/text/invisible-characters';
import type { ResultInput, RunResultInput } from './save-input';
import { cutText } from '@/lib/text/cut-text';

/**
 * The caps a saved analysis keeps outputs within, and the cutting that applies them. Cuts are visible: a stream gets
 * a marker line, a table keeps `truncated: true` with its real totals. Browser-safe, pure.
 */
export const SAVE_CAPS = {
  streamChars: 100_000,
  tableRows: 200,
  tableColumns: 50,
  cellChars: 500,
  columnNameChars: 500,
  dtypeChars: 100,
  reprChars: 20_000,
  pyTypeChars: 100,
  errorTypeChars: 200,
  errorMessageChars: 4000,
  tracebackChars: 8000,
  figuresPerAttempt: 10,
} as const;

const STREAM_MARKER = '\n… [output cut at 100,000 characters when the analysis was saved]';

function capStream({ text }: { text: string }): string {
  return cutText({ text, max: SAVE_CAPS.streamChars, marker: STREAM_MARKER }).text;
}

function capCell(value: string | number | boolean | null): { value: string | number | boolean | null; cut: boolean } {
  if (typeof value !== 'string') return { value, cut: false };
  const { text, cut } = cutText({ text: value, max: SAVE_CAPS.cellChars });
  return { value: text, cut };
}

/** A result within the record's caps: tables to 200 × 50 with cells of 500 characters, reprs/JSON to 20,000. */
export function capResult({ result }: { result: ResultInput }): SavedResult {
  switch (result.kind) {
    case 'table': {
      const columns = result.columns.slice(0, SAVE_CAPS.tableColumns);
      let cellCut = false;
      const rows = result.rows.slice(0, SAVE_CAPS.tableRows).map((row) =>
        row.slice(0, SAVE_CAPS.tableColumns).map((value) => {
          const capped = capCell(value);
          cellCut ||= capped.cut;
          return capped.value;
        }),
      );
      const truncated = result.truncated || cellCut || result.rows.length > rows.length || result.columns.length > columns.length;
      return {
        kind: 'table',
        source: result.source,
        columns: columns.map((name) => cutText({ text: name, max: SAVE_CAPS.columnNameChars }).text),
        dtypes: result.dtypes.slice(0, SAVE_CAPS.tableColumns).map((dtype) => cutText({ text: dtype, max: SAVE_CAPS.dtypeChars }).text),
        rows,
        totalRows: Math.max(result.totalRows, result.rows.length),
        totalColumns: Math.max(result.totalColumns, result.columns.length),
        truncated,
      };
    }
    case 'scalar': {
      const capped = capCell(result.value);
      return {
        kind: 'scalar',
        value: capped.value,
        pyType: cutText({ text: result.pyType, max: SAVE_CAPS.pyTypeChars }).text,
        truncated: result.truncated || capped.cut,
      };
    }
    case 'json': {
      const text = JSON.stringify(result.value);
      if (text.length <= SAVE_CAPS.reprChars) return { kind: 'json', value: result.value, truncated: result.truncated };
      // Cutting JSON structurally would change its meaning silently; its text, cut and marked, does not.
      return { kind: 'repr', text: cutText({ text, max: SAVE_CAPS.reprChars }).text, pyType: 'json', truncated: true };
    }
    case 'chart':
      // The spec is already within 2 MB (its schema); its PNG is checked and stored by the save (save-analysis.ts).
      return { kind: 'chart', mime: result.mime, spec: result.spec, png: null };
    case 'repr': {
      const { text, cut } = cutText({ text: result.text, max: SAVE_CAPS.reprChars });
      return { kind: 'repr', text, pyType: cutText({ text: result.pyType, max: SAVE_CAPS.pyTypeChars }).text, truncated: result.truncated || cut };
    }
  }
}

/** The outputs of one attempt within the caps, figures excepted (they are checked and stored separately). */
export function capRunOutputs({ run }: { run: RunResultInput }): Omit<SavedAttempt, 'number' | 'code' | 'change' | 'fixedBy' | 'figures'> {
  return {
    status: run.status,
    stdout: capStream({ text: run.stdout }),
    stderr: capStream({ text: run.stderr }),
    error: run.error
      ? {
          type: cutText({ text: run.error.type, max: SAVE_CAPS.errorTypeChars }).text,
          message: cutText({ text: run.error.message, max: SAVE_CAPS.errorMessageChars }).text,
          line: run.error.line,
          traceback: cutText({ text: run.error.traceback, max: SAVE_CAPS.tracebackChars }).text,
        }
      : null,
    result: run.result ? capResult({ result: run.result }) : null,
    timings: run.timings,
  };
}

/** A title people can read in a list: the given one, or the first question; no control characters, ≤ 120 chars. */
export function titleFor({ title, firstQuestion }: { title?: string; firstQuestion: string }): string {
  // Bidi overrides and zero-width characters can make a title read as something else in a list: dropped.
  const clean = (text: string) => singleLineText(text).replace(/\s+/g, ' ').trim();
  const given = title ? clean(title) : '';
  if (given) return cutText({ text: given, max: 300 }).text;
  const fromQuestion = clean(firstQuestion);
  return fromQuestion ? cutText({ text: fromQuestion, max: 120 }).text : 'Untitled analysis';
}
