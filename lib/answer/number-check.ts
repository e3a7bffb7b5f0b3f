import { matchNumbers, provenanceOutputsFromRun } from '@/lib/answer/provenance';
import type { ResultValue } from '@/workers/kernel-protocol';

/**
 * The answer's number check as data, so it can travel with a saved analysis into the share page, the embed and the
 * exports: how many numbers of the answer were checked against the outputs, and which of them were found in none.
 * Computed with the same matcher as the page (lib/answer/provenance.ts) from the answer's markdown and the final
 * attempt's printed output and result. Browser-safe, pure.
 */
export interface NumberCheck {
  /** Numbers of the answer that were looked up (the question's own numbers, years and identifiers are not). */
  checked: number;
  /** How many of them were found in none of the outputs. */
  unmatched: number;
  /** The numbers found in none of the outputs, as written in the answer, in order. */
  notFound: Array<{ text: string }>;
}

/** At most this many not-found numbers are kept (a record is bounded; the count stays exact). */
const MAX_NOT_FOUND = 50;

export function checkAnswerNumbers({
  question,
  answer,
  run,
}: {
  question: string;
  answer: string;
  /** The final attempt's outputs; null when no code ran (every number of the answer is then unsupported). */
  run: { stdout: string; result: ResultValue | null } | null;
}): NumberCheck {
  const outputs = provenanceOutputsFromRun({ result: run ?? { stdout: '', result: null }, question });
  const spans = matchNumbers({ markdown: answer, outputs });
  const notFound = spans.filter((span) => span.status === 'unmatched').map((span) => ({ text: span.text.trim().slice(0, 100) }));
  return { checked: spans.length, unmatched: notFound.length, notFound: notFound.slice(0, MAX_NOT_FOUND) };
}

/** One line per flag for exports and the embed: "⚠ 12.5 not found in the outputs", or that there was nothing to check. */
export function numberCheckLines({ check }: { check: NumberCheck }): string[] {
  if (check.checked === 0) return ['No numbers to check: this answer states no numbers to look up in the outputs.'];
  if (check.notFound.length === 0) {
    return [`Every number in this answer (${check.checked}) was found in the outputs.`];
  }
  const lines = check.notFound.map(({ text }) => `⚠ ${text} not found in the outputs`);
  const more = check.unmatched - check.notFound.length;
  return more > 0 ? [...lines, `⚠ ${more} more number(s) not found in the outputs`] : lines;
}
