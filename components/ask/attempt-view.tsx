'use client';

import type { TurnAttempt } from '@/lib/ask/turn-state';
import { RunOutput } from '../run-output';

const EMPTY_LIVE = { stdout: '', stderr: '' };

interface AttemptViewProps {
  attempt: TurnAttempt;
  live: { stdout: string; stderr: string };
  isLast: boolean;
  anchorId?: string;
  /** The turn is over (done, failed or cancelled): an attempt without a result never finished, it is not running. */
  settled: boolean;
  /** The turn already shows this attempt's code above the attempts: do not print it a second time. */
  codeShownAbove: boolean;
}

/** One run attempt: its code, what changed since the previous one, and its outputs or error. */
export function AttemptView({ attempt, live, isLast, anchorId, settled, codeShownAbove }: AttemptViewProps) {
  const running = !attempt.result && !settled;
  const status = attempt.result?.status ?? (running ? 'running' : 'unfinished');
  return (
    <details data-testid="attempt" data-status={status} open={isLast} className="rounded-md border border-slate-200 bg-slate-50 p-2">
      <summary className="cursor-pointer text-xs text-slate-700">
        Attempt {attempt.number}
        {attempt.fixedBy === 'local' ? ' · fixed locally (no LLM call)' : attempt.fixedBy === 'llm' ? ' · repaired by the model' : ''}
        {attempt.result ? ` · ${status}` : running ? ' · running…' : ' · stopped before it finished'}
      </summary>
      <div className="mt-2 space-y-2">
        {attempt.change ? (
          <p data-testid="attempt-change" className="text-xs text-slate-700">
            What changed: {attempt.change}
          </p>
        ) : null}
        {attempt.classified && attempt.classified.kind !== 'other' ? (
          <p className="text-xs text-slate-500">
            Classified as: {attempt.classified.kind.replace('_', ' ')}
            {attempt.classified.suggestion ? ` — ${attempt.classified.suggestion}` : ''}
          </p>
        ) : null}
        {codeShownAbove ? null : (
          <pre className="max-h-64 overflow-auto rounded bg-white p-2 text-xs" data-testid="attempt-code">
            {attempt.code}
          </pre>
        )}
        <RunOutput live={running ? live : EMPTY_LIVE} running={running} result={attempt.result ?? null} anchorId={anchorId} />
      </div>
    </details>
  );
}
