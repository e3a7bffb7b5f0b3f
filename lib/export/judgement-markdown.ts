import type { ReviewOutcome } from '@/lib/answer/review-contract';
import { CHECK_LABELS, failedChecks, type CheckReport } from '@/lib/answer/check-report';
import { escapeMarkdownText } from '@/lib/text/markdown';

/**
 * The second opinion on an answer, for the report and the notebook: the no-LLM checks (which failed, or that all
 * passed) and the reviewer's verdict (a disagreement with its mismatch and reasons, or why there was no review).
 * Model text and messages are escaped like any other user text. Empty when neither was recorded. Browser-safe, pure.
 */
export function judgementMarkdown({ checks, review }: { checks?: CheckReport; review?: ReviewOutcome }): string {
  const out: string[] = [];
  const failed = failedChecks(checks);
  if (failed.length > 0) {
    out.push(`**Checks that failed**${checks?.repaired ? ' (after one repair)' : ''}: the output may not answer the question as asked.`, '');
    out.push(...failed.map((outcome) => `- ${escapeMarkdownText(CHECK_LABELS[outcome.id])}: ${escapeMarkdownText(outcome.message)}`), '');
  } else if (checks && checks.outcomes.length > 0) {
    out.push(`_Checks passed: ${checks.outcomes.map((outcome) => escapeMarkdownText(CHECK_LABELS[outcome.id])).join(', ')}._`, '');
  }
  if (review?.status === 'reviewed') {
    const model = escapeMarkdownText(review.model);
    if (review.verdict.verdict === 'answers') {
      out.push(`_Reviewer (${model}): the output answers the question._`, '');
    } else {
      const verdict = review.verdict.verdict === 'partly' ? 'answers it only partly' : 'does not answer it';
      out.push(
        `**Reviewer (${model}) disagrees: the output ${verdict}.**${review.verdict.mismatch ? ` ${escapeMarkdownText(review.verdict.mismatch)}` : ''}`,
        '',
      );
      out.push(...review.verdict.reasons.map((reason) => `- ${escapeMarkdownText(reason)}`), '');
    }
  } else if (review?.status === 'unreviewed') {
    out.push(`_Not reviewed (${escapeMarkdownText(review.model)}): ${escapeMarkdownText(review.reason)}_`, '');
  }
  return out.join('\n').trim();
}
