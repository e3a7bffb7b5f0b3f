import { numberCheckLines, type NumberCheck } from '@/lib/answer/number-check';
import { escapeMarkdownText } from '@/lib/text/markdown';

/**
 * The answer's number check as Markdown, for the report and the notebook: a line per number found in no output
 * ("⚠ 12.5 not found in the outputs"), or that there was nothing to check. The numbers come from the answer (model
 * text), so they are escaped like any other user text. Browser-safe, pure.
 */
export function numberCheckMarkdown({ check }: { check: NumberCheck }): string {
  const lines = numberCheckLines({ check });
  if (check.unmatched === 0) return `_Number check: ${escapeMarkdownText(lines[0] ?? '')}_`;
  return [
    '**Number check** (numbers of this answer that are in none of the outputs: check them before relying on them)',
    '',
    ...lines.map((line) => `- ${escapeMarkdownText(line)}`),
  ].join('\n');
}
