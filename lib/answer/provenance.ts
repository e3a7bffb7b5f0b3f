import { chartDataText } from '@/lib/results/chart-text';
import type { RunResult } from '@/workers/kernel-protocol';
import { NUMBER, isListMarker, parseNumberToken, questionTokens, type ParsedNumber } from './provenance-number';
import { cellText, collectOutputNumbers, type OutputNumber, type ProvenanceOutputs, type ProvenanceSource } from './provenance-outputs';

/**
 * Number provenance: every number in an answer is looked up in the run's outputs, so the page can show where it
 * came from, or flag it as not found. Browser-safe, pure.
 *
 * What counts as a number in the answer: 12 · -3.5 · −3.5 · 1,234,567 · 0.45 · 45% · 45.0 % · 1.2e-5 · $3.2 ·
 * 1.2M / 1.2 million / 3bn / 4k. What is ignored: digits glued to letters (df1, Q3, H2O, 5th), identifiers
 * ("Figure 1", "Fig. 2", "Table 3", "attempt 2", "#4"), list markers ("1. ", "2) "), dates and times (2024-03-01,
 * 03/01/2024, 12:30), anything in code spans, code blocks or link targets, and bare years (1900–2100, no sign,
 * no separators, no decimals) unless the outputs contain that exact number, and the question's own numbers as written
 * ("top 5": restating them is not a finding). On the outputs' side, list ordinals ("5. Texas"), rank/position
 * columns and echoes of the question's numbers are no source (provenance-outputs.ts): "5.0" is never found in "5.".
 *
 * Matching allows rounding: the answer's number matches an output number when they agree to the precision the
 * answer shows (12.3 matches 12.3456; 12 matches 11.6; 1,200 matches 1,234 since trailing zeros of a 4+ digit
 * integer are read as rounding, while 100 needs an exact 100). Percentages match either the same number (45% ~ 45.0)
 * or a fraction (45% ~ 0.4512). Magnitudes scale (1.2M ~ 1,234,567 since 1.2 million shown to 0.1 million).
 * The sign is ignored ("fell by 3.2%" cites -3.2). Exact matches win over rounded ones; then the closest.
 */

export interface NumberSpan {
  /** Offsets in the markdown (UTF-16, as String.slice). */
  start: number;
  end: number;
  text: string;
  value: number;
  status: 'matched' | 'unmatched';
  source?: ProvenanceSource;
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
function isIgnoredInProse({ text, start, end }: { text: string; start: number; end: number }): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  if (IDENTIFIER_BEFORE.test(before)) return true;
  return isListMarker({ text, start, end });
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
  const asked = questionTokens({ question: outputs.question });
  return (markdown) => spansIn({ markdown, numbers, asked });
}

function spansIn({ markdown, numbers, asked }: { markdown: string; numbers: OutputNumber[]; asked: Set<string> }): NumberSpan[] {
  const masked = maskedRanges(markdown);
  const spans: NumberSpan[] = [];
  for (const match of markdown.matchAll(NUMBER)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (masked.some(([from, to]) => start < to && end > from)) continue;
    if (isIgnoredInProse({ text: markdown, start, end })) continue;
    const parsed = parseNumberToken(match);
    if (!parsed) continue;
    // Restating the question's own numbers ("the top 5 states") is neither a finding nor an error.
    if (asked.has(match[0].trim())) continue;
    const source = findSource({ parsed, numbers });
    if (!source && parsed.yearLike) continue;
    const signed = parsed.negative ? -parsed.value : parsed.value;
    spans.push({ start, end, text: match[0], value: signed, status: source ? 'matched' : 'unmatched', ...(source ? { source } : {}) });
  }
  return spans;
}

/** The outputs of a run, as provenance reads them (stdout, the result, the result table). */
export function provenanceOutputsFromRun({ result, question }: { result: Pick<RunResult, 'stdout' | 'result'>; question?: string }): ProvenanceOutputs {
  const value = result.result;
  const outputs: ProvenanceOutputs = { stdout: result.stdout, ...(question !== undefined ? { question } : {}) };
  if (!value) return outputs;
  if (value.kind === 'table') outputs.tables = [{ label: 'the result table', columns: value.columns, rows: value.rows }];
  else if (value.kind === 'scalar') outputs.resultText = cellText(value.value);
  else if (value.kind === 'json') outputs.resultText = JSON.stringify(value.value);
  else if (value.kind === 'chart') outputs.resultText = chartDataText(value.spec);
  else outputs.resultText = value.text;
  return outputs;
}
