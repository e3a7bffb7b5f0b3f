/**
 * The numbers of a run's outputs that an answer's numbers may be traced to. Not every digit in an output is a
 * value: list ordinals ("5. Texas"), rank/position columns and numbers that merely echo the question ("Top 5:",
 * "Rows where age > 30") are left out, so an answer's 5.0 is never "found" in an ordinal or in the question's N.
 */
import { cellText as formatCell, MISSING } from '@/lib/text/cells';
import type { CellValue } from '@/workers/kernel-protocol';
import { NUMBER, isListMarker, parseNumberToken, questionTokens, type ParsedNumber } from './provenance-number';

interface ProvenanceTable {
  /** Shown to people, e.g. "the result table". */
  label?: string;
  columns?: string[];
  rows: CellValue[][];
}

export interface ProvenanceOutputs {
  stdout?: string;
  /** The result rendered as text (a scalar, a dict's JSON, a repr), or any bounded summary of the outputs. */
  resultText?: string;
  tables?: ProvenanceTable[];
  /**
   * The question asked. Its numbers ("top 5", "older than 30") are parameters, not findings: an answer that repeats
   * them is not checked against the outputs, and outputs that echo them are no source for other numbers.
   */
  question?: string;
}

export interface ProvenanceSource {
  output: 'stdout' | 'result' | 'table';
  /** "the printed output", "the result", "the result table". */
  label: string;
  /** The line (or table row) the number is in, trimmed to ~100 characters. */
  snippet: string;
  /** True when equal, false when the answer rounded it. */
  exact: boolean;
}

export interface OutputNumber {
  parsed: ParsedNumber;
  raw: string;
  source: Omit<ProvenanceSource, 'exact'>;
}

/** Columns that number rows rather than measure anything. */
const RANK_COLUMN = /^\s*(?:rank|ranking|#|no\.?|nr\.?|number|position|pos\.?|place|row|index|level_\d+)\s*$/i;

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const endIndex = text.indexOf('\n', index);
  const line = text.slice(start, endIndex < 0 ? undefined : endIndex).trim();
  if (line.length <= 100) return line;
  const offset = Math.max(0, index - start - 40);
  return `…${line.slice(offset, offset + 98)}…`;
}

function numbersInText({ text, output, label }: { text: string; output: ProvenanceSource['output']; label: string }): OutputNumber[] {
  const found: OutputNumber[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index ?? 0;
    if (isListMarker({ text, start, end: start + match[0].length })) continue;
    const parsed = parseNumberToken(match);
    if (parsed) found.push({ parsed, raw: match[0], source: { output, label, snippet: lineAround(text, start) } });
  }
  return found;
}

/** A cell in a provenance snippet: spelt as in the run summary the answer model read (lib/ask/client/summarize-run.ts). */
export function cellText(value: CellValue): string {
  return formatCell(value, { missing: MISSING.model });
}

function tableNumbers({ outputs }: { outputs: ProvenanceOutputs }): OutputNumber[] {
  const all: OutputNumber[] = [];
  for (const [tableIndex, table] of (outputs.tables ?? []).entries()) {
    const label = table.label ?? (tableIndex === 0 ? 'the result table' : `table ${tableIndex + 1}`);
    for (const row of table.rows) {
      const snippet = row
        .map((cell, index) => (table.columns?.[index] !== undefined ? `${table.columns[index]}: ${cellText(cell)}` : cellText(cell)))
        .join(', ')
        .slice(0, 100);
      for (const [index, cell] of row.entries()) {
        if (RANK_COLUMN.test(table.columns?.[index] ?? 'value')) continue;
        if (typeof cell === 'number' && Number.isFinite(cell)) {
          all.push({
            parsed: { value: Math.abs(cell), tolerance: 1e-12, percent: false, negative: cell < 0, yearLike: false },
            raw: String(cell),
            source: { output: 'table', label, snippet },
          });
        } else if (typeof cell === 'string') {
          for (const number of numbersInText({ text: cell, output: 'table', label })) all.push({ ...number, source: { ...number.source, snippet } });
        }
      }
    }
  }
  return all;
}

export function collectOutputNumbers({ outputs }: { outputs: ProvenanceOutputs }): OutputNumber[] {
  const all: OutputNumber[] = [];
  if (outputs.stdout) all.push(...numbersInText({ text: outputs.stdout, output: 'stdout', label: 'the printed output' }));
  if (outputs.resultText) all.push(...numbersInText({ text: outputs.resultText, output: 'result', label: 'the result' }));
  all.push(...tableNumbers({ outputs }));
  // An output number equal to one the question states ("Top 5:") is the question echoed, not a finding.
  const asked = questionTokens({ question: outputs.question });
  return asked.size === 0 ? all : all.filter((number) => !asked.has(number.raw.trim()));
}
