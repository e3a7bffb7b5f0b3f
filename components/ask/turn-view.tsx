'use client';

import type { MatchNumbersInText } from '@/lib/answer/client/provenance-plugin';
import { useEscapeKey } from '@/lib/ui/client/use-escape-key';
import { finalAttempt, type TurnPhase, type TurnState } from '@/lib/ask/turn-state';
import { AnswerChecksView } from './answer-checks-view';
import { AnswerView } from './answer-view';
import { GuidanceView } from './guidance-view';
import { ReviewView } from './review-view';
import { AttemptView } from './attempt-view';
import { LlmContextView } from './llm-context-view';
import { TurnMetricsView } from './turn-metrics-view';

const PHASE_LABEL: Record<TurnPhase, string> = {
  selecting: 'Choosing the relevant files…',
  generating: 'Writing code…',
  fetching: 'Fetching the data…',
  running: 'Running in your browser…',
  repairing: 'The code failed: repairing…',
  answering: 'Writing the answer…',
  done: 'Done',
  failed: 'Stopped with an error',
  cancelled: 'Cancelled',
};

interface TurnViewProps {
  turn: TurnState;
  active: boolean;
  live: { stdout: string; stderr: string };
  matchNumbers: MatchNumbersInText;
  onCancel: () => void;
  onRetry: () => void;
  onOpenInEditor: (code: string) => void;
}

export function TurnView({ turn, active, live, matchNumbers, onCancel, onRetry, onOpenInEditor }: TurnViewProps) {
  const last = finalAttempt(turn);
  // Esc cancels the running turn, like its Cancel button.
  useEscapeKey({ enabled: active, onEscape: onCancel });
  const shownCode = turn.attempts.length === 0 || turn.phase === 'repairing' ? turn.streamingCode : (last?.code ?? '');
  return (
    <article data-testid="turn" data-phase={turn.phase} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="font-medium">{turn.question}</h3>
        <div className="flex items-center gap-2 text-xs">
          <span data-testid="turn-phase" className="text-slate-600">
            {PHASE_LABEL[turn.phase]}
          </span>
          {active ? (
            <button
              type="button"
              data-testid="cancel"
              onClick={onCancel}
              title="Cancel (Esc)"
              className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
            >
              Cancel
            </button>
          ) : null}
        </div>
      </header>

      {turn.provider ? (
        <p data-testid="turn-provider" data-kind={turn.provider.kind} className="text-xs text-slate-500">
          {turn.provider.label}
        </p>
      ) : null}
      {turn.selection && !turn.selection.skipped ? (
        <ul className="text-xs text-slate-600">
          {turn.selection.datasets.map((dataset) => (
            <li key={dataset.id}>
              Using <code>{turn.context?.find((brief) => brief.id === dataset.id)?.displayName ?? dataset.id}</code>: {dataset.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {turn.context ? <LlmContextView datasets={turn.context} selectionNote={turn.selection?.note} /> : null}
      {turn.guidance ? <GuidanceView guidance={turn.guidance} /> : null}
      {turn.plan ? <p className="text-sm text-slate-700">Plan: {turn.plan}</p> : null}
      {shownCode ? (
        <div className="space-y-1">
          <pre data-testid="turn-code" className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {shownCode}
          </pre>
          {!active && last ? (
            <button type="button" onClick={() => onOpenInEditor(last.code)} className="text-xs text-sky-700 hover:underline">
              Open this code in the editor
            </button>
          ) : null}
        </div>
      ) : null}
      {turn.phase === 'fetching' && turn.fetchProgress ? (
        <p className="text-xs text-slate-600" data-testid="fetch-progress">
          Fetching {turn.fetchProgress.label}: {(turn.fetchProgress.loaded / 1e6).toFixed(1)} MB
          {turn.fetchProgress.total ? ` of ${(turn.fetchProgress.total / 1e6).toFixed(1)} MB` : ''}
        </p>
      ) : null}

      {turn.attempts.map((attempt, index) => (
        <AttemptView
          key={attempt.number}
          attempt={attempt}
          live={live}
          isLast={index === turn.attempts.length - 1}
          anchorId={index === turn.attempts.length - 1 ? `${turn.id}-output` : undefined}
          settled={!active}
          codeShownAbove={index === turn.attempts.length - 1 && shownCode === attempt.code}
        />
      ))}

      {turn.answer || turn.phase === 'answering' ? (
        <AnswerView
          markdown={turn.answer}
          streaming={turn.phase === 'answering'}
          matchNumbers={matchNumbers}
          providerLabel={turn.answerProvider === 'offline' ? 'the offline planner' : turn.provider?.label}
        />
      ) : null}

      {turn.checks && (turn.phase === 'answering' || turn.phase === 'done') ? <AnswerChecksView report={turn.checks} /> : null}
      {turn.review ? <ReviewView review={turn.review} /> : null}

      {turn.error ? (
        <div
          data-testid="turn-error"
          role="alert"
          className="flex flex-wrap items-center gap-2 rounded-md border border-rose-200 bg-rose-50 p-2 text-sm text-rose-900"
        >
          <span>{turn.error.message}</span>
          {turn.error.retryable ? (
            <button
              type="button"
              data-testid="turn-retry"
              onClick={onRetry}
              className="rounded border border-rose-300 bg-white px-2 py-0.5 text-xs hover:bg-rose-100"
            >
              Retry
            </button>
          ) : null}
        </div>
      ) : null}

      <TurnMetricsView metrics={turn.metrics} />
    </article>
  );
}
