'use client';

import type { SavedTurn } from '@/lib/share/analysis-record';
import { finalSavedAttempt } from '@/lib/share/saved-outputs';
import { AnswerChecksView } from '../ask/answer-checks-view';
import { GuidanceView } from '../ask/guidance-view';
import { ReviewView } from '../ask/review-view';
import { TurnMetricsView } from '../ask/turn-metrics-view';
import { SavedAnswer } from './saved-answer';
import { SavedOutputs } from './saved-outputs';
import { shortText } from '@/lib/text/cut-text';

interface SharedTurnProps {
  analysisId: string;
  turn: SavedTurn;
  /** 1-based. */
  number: number;
  /** Show "Question n" headings (more than one question in the analysis). */
  numbered: boolean;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** One saved question: the answer first, then its figures and table, then the code and how it ran. */
export function SharedTurn({ analysisId, turn, number, numbered }: SharedTurnProps) {
  const final = finalSavedAttempt(turn);
  const anchorId = `q${number}-output`;
  return (
    <article data-testid="shared-turn" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-lg font-medium">
        {numbered ? <span className="mr-2 text-slate-500">Question {number}</span> : null}
        <span data-testid="shared-question">{turn.question}</span>
      </h2>

      <SavedAnswer
        turn={turn}
        attempt={final}
        anchorId={anchorId}
        fallback={<p className="text-sm text-slate-500">No answer was written for this question.</p>}
      />

      {turn.checks ? <AnswerChecksView report={turn.checks} /> : null}
      {turn.review ? <ReviewView review={turn.review} /> : null}

      {final ? (
        <>
          <SavedOutputs analysisId={analysisId} attempt={final} anchorId={anchorId} variant="page" turnNumber={number} />
          <details data-testid="shared-code" className="rounded-md border border-slate-200 bg-slate-50 p-2">
            <summary className="cursor-pointer text-xs text-slate-700">
              Code
              {turn.attempts.length > 1
                ? ` (attempt ${final.number}, after ${turn.attempts.length - 1} failed attempt${turn.attempts.length > 2 ? 's' : ''})`
                : ''}
            </summary>
            {turn.guidance ? (
              <div className="mt-2">
                <GuidanceView guidance={turn.guidance} />
              </div>
            ) : null}
            {turn.plan ? <p className="mt-2 text-xs text-slate-600">Plan: {turn.plan}</p> : null}
            <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{final.code}</pre>
            {turn.attempts.slice(0, -1).map((attempt) => (
              <details key={attempt.number} className="mt-2 rounded border border-slate-200 bg-white p-2">
                <summary className="cursor-pointer text-xs text-slate-600">
                  Attempt {attempt.number} · {attempt.status}
                  {attempt.error ? ` · ${attempt.error.type}: ${shortText(attempt.error.message, 120)}` : ''}
                </summary>
                <pre className="mt-1 max-h-64 overflow-auto text-xs">{attempt.code}</pre>
              </details>
            ))}
            {turn.attempts.length > 1 && final.change ? <p className="mt-2 text-xs text-slate-600">What the last attempt changed: {final.change}</p> : null}
          </details>
          <p data-testid="shared-timings" className="text-xs text-slate-500">
            Ran in {formatMs(final.timings.totalMs)} (check {formatMs(final.timings.validateMs)}
            {final.timings.loadPackagesMs >= 1 ? ` · packages ${formatMs(final.timings.loadPackagesMs)}` : ''} · run {formatMs(final.timings.executeMs)}) ·
            status {final.status}
          </p>
        </>
      ) : (
        <p className="text-sm text-slate-500">No code ran for this question.</p>
      )}
      <TurnMetricsView metrics={turn.metrics} />
    </article>
  );
}
