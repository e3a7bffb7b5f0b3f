/**
 * The sentence under an answer about its numbers. "Every number was found" is only said when there was a number to
 * find: an answer with none (or only the question's own numbers, which are not checked) says there is nothing to
 * check, rather than passing for a verified answer.
 */
export function provenanceSummary({ total, unmatched }: { total: number; unmatched: number }): string {
  if (total === 0) return 'This answer states no numbers to check against the outputs.';
  if (unmatched === 0) return 'Every number in this answer was found in the outputs (dotted underline: hover or click to see where).';
  return `${unmatched} of ${total} number(s), highlighted in amber, were not found in the outputs: check them before you rely on them.`;
}
