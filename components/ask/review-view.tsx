'use client';

import type { ReviewOutcome } from '@/lib/answer/review-contract';

const VERDICT_LABEL = { answers: 'answers the question', partly: 'partly answers the question', not: 'does not answer the question' } as const;

/**
 * The reviewer's verdict beside the answer (REVIEW_MODEL): prominent when it disagrees, one quiet line when it
 * agrees, and "unreviewed" with the reason when the reviewer timed out or answered nonsense.
 */
export function ReviewView({ review }: { review: ReviewOutcome }) {
  if (review.status === 'unreviewed') {
    return (
      <p data-testid="answer-review" data-status="unreviewed" className="text-xs text-slate-500">
        Unreviewed: {review.reason}
      </p>
    );
  }
  const { verdict } = review;
  if (verdict.verdict === 'answers') {
    return (
      <p data-testid="answer-review" data-status="answers" className="text-xs text-slate-500">
        Reviewed by {review.model}: {VERDICT_LABEL.answers}.
      </p>
    );
  }
  return (
    <div
      data-testid="answer-review"
      data-status={verdict.verdict}
      role="alert"
      className="space-y-1 rounded-md border border-orange-300 bg-orange-50 p-2 text-sm text-orange-950"
    >
      <p className="font-medium">
        Second opinion ({review.model}): the output {VERDICT_LABEL[verdict.verdict]}.
      </p>
      {verdict.mismatch ? <p data-testid="review-mismatch">{verdict.mismatch}</p> : null}
      <ul className="list-disc pl-5 text-xs">
        {verdict.reasons.map((reason, index) => (
          <li key={index}>{reason}</li>
        ))}
      </ul>
    </div>
  );
}
