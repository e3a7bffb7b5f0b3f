'use client';

import { CHECK_LABELS, failedChecks, type CheckReport } from '@/lib/answer/check-report';

/**
 * The no-LLM answer checks beside the answer: a warning naming each failed check (after the one repair they
 * triggered), or one quiet line listing what passed. The workspace and the shared page both render it.
 */
export function AnswerChecksView({ report }: { report: CheckReport }) {
  const failed = failedChecks(report);
  if (report.outcomes.length === 0) {
    return (
      <p data-testid="answer-checks" data-status="none" className="text-xs text-slate-500">
        Answer checks: nothing in the question could be checked against the output.
      </p>
    );
  }
  if (failed.length === 0) {
    return (
      <p data-testid="answer-checks" data-status="pass" className="text-xs text-slate-500">
        Answer checks passed: {report.outcomes.map((outcome) => CHECK_LABELS[outcome.id].toLowerCase()).join(', ')}
        {report.repaired ? ' (after one repair)' : ''}.
      </p>
    );
  }
  return (
    <div
      data-testid="answer-checks"
      data-status="fail"
      role="alert"
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950"
    >
      <p className="font-medium">This answer may not answer the question as asked{report.repaired ? ', even after one repair' : ''}:</p>
      <ul className="list-disc pl-5">
        {failed.map((outcome) => (
          <li key={outcome.id} data-testid="answer-check-failed" data-check={outcome.id}>
            <span className="font-medium">{CHECK_LABELS[outcome.id]}</span> — {outcome.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
