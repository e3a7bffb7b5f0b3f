import type { CellValue, RunResult } from '@/workers/kernel-protocol';

/**
 * Number provenance: every number in an answer is looked up in the run's outputs, so the page can show where it
 * came from, or flag it as not found. Browser-safe, pure.
 *
 * What counts as a number in the answer: 12 · -3.5 · −3.5 · 1,234,567 · 0.45 · 45% · 45.0 % · 1.2e-5 · $3.2 ·
 * 1.2M / 1.2 million / 3bn / 4k. What is ignored: digits glued to letters (df1, Q3, H2O, 5th), identifiers
 * ("Figure 1", "Fig. 2", "Table 3", "attempt 2", "#4"), list markers ("1. ", "2) "), dates and times (2024-03-01,
 * 03/01/2024, 12:30), anything in code spans, code blocks or link targets, and bare years (1900–2100, no sign,
 * no separators, no decimals) unless the outputs contain that exact number.
 *
 * Matching allows rounding: the answer's number matches an output number when they agree to the precision the
 * answer shows (12.3 matches 12.3456; 12 matches 11.6; 1,200 matches 1,234 since trailing zeros of a 4+ digit
 * integer are read as rounding, while 100 needs an exact 100). Percentages match either the same number (45% ~ 45.0)
 * or a fraction (45% ~ 0.4512). Magnitudes scale (1.2M ~ 1,234,567 since 1.2 million shown to 0.1 million).
 * The sign is ignored ("fell by 3.2%" cites -3.2). Exact matches win over rounded ones; then the closest.
 */

export interface ProvenanceTable {
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

export interface NumberSpan {
  /** Offsets in the markdown (UTF-16, as String.slice). */
  start: number;
  end: number;
  text: string;
  value: number;
  status: 'matched' | 'unmatched';
  source?: ProvenanceSource;
}

interface ParsedNumber {
  /** Absolute value as written, magnitude applied, percent sign NOT applied (45% → 45). */
  value: number;
  /** Half a unit of the last digit shown, in the same scale as value. */
  tolerance: number;
  percent: boolean;
  negative: boolean;
  /** An integer without separators, sign, suffix or decimals, 1900–2100. */
  yearLike: boolean;
}

const MAGNITUDES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

const NUMBER = new RegExp(
  [
    '(?<![\\w.,])', // not the middle of a word or of a longer number
    '([-−+])?', // sign (ASCII or Unicode minus)
    '[$€£¥]?',
    '(\\d{1,3}(?:,\\d{3})+|\\d+)', // integer part, with or without thousands separators
    '(\\.\\d+)?',
    '(?:[eE]([-+]?\\d+))?',
    '(?:(\\s?%)|\\s?(k|K|M|B|bn|mn|thousand|million|billion)\\b)?',
    // Not glued to letters (5th, 3x, H2O are identifiers) and not cut short of the rest of the number.
    '(?![\\w]|[.,]\\d)',
  ].join(''),
  'g',
);

export function parseNumberToken(match: RegExpMatchArray): ParsedNumber | null {
  const [, sign, integer = '', fraction = '', exponent, percentSign, magnitudeWord] = match;
  const digits = integer.replace(/,/g, '');
  const mantissa = Number(`${digits}${fraction}`);
  if (!Number.isFinite(mantissa)) return null;
  const decimals = fraction ? fraction.length - 1 : 0;
  const scale = (exponent ? 10 ** Number(exponent) : 1) * (magnitudeWord ? (MAGNITUDES[magnitudeWord.toLowerCase()] ?? 1) : 1);
  let unit = 10 ** -decimals;
  // "1,200" or "45000": trailing zeros of a 4+ digit integer with 2+ significant digits read as rounding.
  if (!fraction && !exponent && !magnitudeWord && digits.length >= 4) {
    const zeros = /0*$/.exec(digits)?.[0].length ?? 0;
    if (zeros > 0 && digits.length - zeros >= 2) unit = 10 ** zeros;
  }
  const plain = !sign && !fraction && !exponent && !percentSign && !magnitudeWord && !integer.includes(',');
  return {
    value: mantissa * scale,
    tolerance: (unit / 2) * scale * (1 + 1e-9) + 1e-12,
    percent: Boolean(percentSign),
    negative: sign === '-' || sign === '−',
    yearLike: plain && digits.length === 4 && mantissa >= 1900 && mantissa <= 2100,
  };
}

/** Character ranges of the markdown that are not prose: code blocks, code spans, link targets, dates and times. */
function maskedRanges(markdown: string): [number, number][] {
  const ranges: [number, number][] = [];
  const patterns = [
    /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)/g,
    /`[^`\n]*`/g,
    /\]\([^)\s]*(?:\s[^)]*)?\)/g,
    /<https?:[^>\s]*>|https?:\/\/\S+/g,
    /\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?\b/g,
    /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g,
    /\b\d{4}[/]\d{1,2}\b/g,
    /\b\d{1,2}:\d{2}(?::\d{2})?\b/g,
  ];
  for (const pattern of patterns) {
    for (const match of markdown.matchAll(pattern)) ranges.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  }
  return ranges;
}

const IDENTIFIER_BEFORE = /(?:\b(?:figure|fig\.?|table|chart|plot|attempt|step|section|question|repair|panel|row|line|column|df|version)\s*|#)$/i;
const LIST_MARKER = /^\s*(?:#{1,6}\s*)?(?:[-*+]\s+)?$/;

function isIgnoredInProse({ text, start, end }: { text: string; start: number; end: number }): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  if (IDENTIFIER_BEFORE.test(before)) return true;
  // "1. " or "2) " at the start of a line: an ordered-list marker.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (LIST_MARKER.test(text.slice(lineStart, start)) && /^[.)]\s/.test(text.slice(end, end + 2))) return true;
  return false;
}

interface OutputNumber {
  parsed: ParsedNumber;
  raw: string;
  source: Omit<ProvenanceSource, 'exact'>;
}

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
    const parsed = parseNumberToken(match);
    if (parsed) found.push({ parsed, raw: match[0], source: { output, label, snippet: lineAround(text, match.index ?? 0) } });
  }
  return found;
}

function cellText(value: CellValue): string {
  return value === null ? 'NaN' : String(value);
}

function collectOutputNumbers({ outputs }: { outputs: ProvenanceOutputs }): OutputNumber[] {
  const all: OutputNumber[] = [];
  if (outputs.stdout) all.push(...numbersInText({ text: outputs.stdout, output: 'stdout', label: 'the printed output' }));
  if (outputs.resultText) all.push(...numbersInText({ text: outputs.resultText, output: 'result', label: 'the result' }));
  for (const [tableIndex, table] of (outputs.tables ?? []).entries()) {
    const label = table.label ?? (tableIndex === 0 ? 'the result table' : `table ${tableIndex + 1}`);
    for (const row of table.rows) {
      const snippet = row
        .map((cell, index) => (table.columns?.[index] !== undefined ? `${table.columns[index]}: ${cellText(cell)}` : cellText(cell)))
        .join(', ')
        .slice(0, 100);
      for (const cell of row) {
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

/** How far the output number is from the answer's, relative to the answer's precision; null when no match. */
function distance(answer: ParsedNumber, output: ParsedNumber): { exact: boolean; gap: number } | null {
  const candidates = [output.value];
  if (answer.percent && !output.percent) candidates.push(output.value * 100);
  if (!answer.percent && output.percent) candidates.push(output.value / 100);
  let best: { exact: boolean; gap: number } | null = null;
  for (const value of candidates) {
    const gap = Math.abs(answer.value - value);
    const exact = gap <= Math.max(1e-12 * Math.abs(value), 1e-12);
    if (gap <= answer.tolerance && (!best || gap < best.gap)) best = { exact, gap };
  }
  return best;
}

function findSource({ parsed, numbers }: { parsed: ParsedNumber; numbers: OutputNumber[] }): ProvenanceSource | null {
  let best: { source: ProvenanceSource; gap: number } | null = null;
  for (const number of numbers) {
    const match = distance(parsed, number.parsed);
    if (!match) continue;
    if (!best || (match.exact && !best.source.exact) || (match.exact === best.source.exact && match.gap < best.gap)) {
      best = { source: { ...number.source, exact: match.exact }, gap: match.gap };
      if (match.exact) break;
    }
  }
  if (best && parsed.yearLike && !best.source.exact) return null;
  return best?.source ?? null;
}

export function matchNumbers({ markdown, outputs }: { markdown: string; outputs: ProvenanceOutputs }): NumberSpan[] {
  return createNumberMatcher({ outputs })(markdown);
}

/**
 * matchNumbers with the outputs indexed once: for a renderer that matches text node by text node (offsets are then
 * relative to each text).
 */
export function createNumberMatcher({ outputs }: { outputs: ProvenanceOutputs }): (markdown: string) => NumberSpan[] {
  const numbers = collectOutputNumbers({ outputs });
  return (markdown) => spansIn({ markdown, numbers });
}

function spansIn({ markdown, numbers }: { markdown: string; numbers: OutputNumber[] }): NumberSpan[] {
  const masked = maskedRanges(markdown);
  const spans: NumberSpan[] = [];
  for (const match of markdown.matchAll(NUMBER)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (masked.some(([from, to]) => start < to && end > from)) continue;
    if (isIgnoredInProse({ text: markdown, start, end })) continue;
    const parsed = parseNumberToken(match);
    if (!parsed) continue;
    const source = findSource({ parsed, numbers });
    if (!source && parsed.yearLike) continue;
    const signed = parsed.negative ? -parsed.value : parsed.value;
    spans.push({ start, end, text: match[0], value: signed, status: source ? 'matched' : 'unmatched', ...(source ? { source } : {}) });
  }
  return spans;
}

/**
 * For the page's markdown renderer, which finds numbers itself: the source of one number's text, or null. Years
 * and identifiers are the renderer's concern; here every parseable number is looked up.
 */
export function createNumberLookup({ outputs }: { outputs: ProvenanceOutputs }): (numberText: string) => ProvenanceSource | null {
  const numbers = collectOutputNumbers({ outputs });
  return (numberText) => {
    const match = [...numberText.trim().matchAll(NUMBER)][0];
    const parsed = match ? parseNumberToken(match) : null;
    return parsed ? findSource({ parsed: { ...parsed, yearLike: false }, numbers }) : null;
  };
}

/** The outputs of a run, as provenance reads them (stdout, the result, the result table). */
export function provenanceOutputsFromRun({ result }: { result: Pick<RunResult, 'stdout' | 'result'> }): ProvenanceOutputs {
  const value = result.result;
  const outputs: ProvenanceOutputs = { stdout: result.stdout };
  if (!value) return outputs;
  if (value.kind === 'table') outputs.tables = [{ label: 'the result table', columns: value.columns, rows: value.rows }];
  else if (value.kind === 'scalar') outputs.resultText = cellText(value.value);
  else if (value.kind === 'json') outputs.resultText = JSON.stringify(value.value);
  else outputs.resultText = value.text;
  return outputs;
}
