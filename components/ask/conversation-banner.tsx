'use client';

import type { AutosaveStatus } from '@/lib/conversations/client/use-autosave';
import type { OpeningState, Reopened } from '@/lib/conversations/client/use-conversation';
import type { RerunState } from '@/lib/conversations/client/use-rerun-conversation';

interface ConversationBannerProps {
  opening: OpeningState;
  reopened: Reopened | null;
  autosave: AutosaveStatus;
  hasTurns: boolean;
  rerun: RerunState;
  /** The kernel's generation now: past the re-run's, its variables were lost again (reset, crash, time limit). */
  kernelGeneration: number;
  /** Disabled while a question runs or the kernel is not ready. */
  canRerun: boolean;
  onRerun: () => void;
  onRetrySave: () => void;
}

function autosaveText(status: AutosaveStatus): string {
  switch (status.state) {
    case 'idle':
      return '';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'failed':
      return 'Not saved';
  }
}

function rerunText(state: RerunState, kernelGeneration: number): string | null {
  switch (state.step) {
    case 'idle':
      return null;
    case 'running':
      return `Re-running question ${state.question} of ${state.of}…`;
    case 'done':
      if (kernelGeneration !== state.generation)
        return 'Python restarted since the re-run, so its variables are gone again: re-run the code before a follow-up that needs them.';
      return state.failed.length === 0
        ? `Re-ran ${state.ran} question${state.ran === 1 ? '' : 's'}: the variables are back for follow-ups.`
        : `Re-ran ${state.ran} question${state.ran === 1 ? '' : 's'}; question ${state.failed.join(', ')} did not run cleanly this time, so its variables may be missing.`;
    case 'failed':
      return `The re-run stopped: ${state.message}`;
  }
}

/** Where the open conversation stands: opening, reopened from storage (variables not restored, re-run offered), autosave. */
export function ConversationBanner({
  opening,
  reopened,
  autosave,
  hasTurns,
  rerun,
  kernelGeneration,
  canRerun,
  onRerun,
  onRetrySave,
}: ConversationBannerProps) {
  const rerunNote = rerunText(rerun, kernelGeneration);
  const stale = rerun.step === 'done' && rerun.generation !== kernelGeneration;
  return (
    <>
      {opening.state === 'loading' ? <p className="text-sm text-slate-600">Opening the conversation…</p> : null}
      {opening.state === 'failed' ? (
        <p role="alert" data-testid="conversation-open-error" className="rounded-md border border-rose-200 bg-rose-50 p-2 text-sm text-rose-900">
          {opening.message}
        </p>
      ) : null}
      {reopened && hasTurns ? (
        <div data-testid="conversation-reopened" role="note" className="space-y-1 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-sky-950">
          <p>
            {reopened.fromAnalysis ? 'Continued from a saved analysis' : 'Reopened from your saved work'}: the outputs below are as they were saved. Python
            variables are not restored, so a follow-up that uses them needs the code re-run first.
            {reopened.interrupted > 0 ? ` ${reopened.interrupted} question(s) were still running when the page closed; ask them again.` : ''}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              data-testid="conversation-rerun"
              disabled={!canRerun || rerun.step === 'running'}
              onClick={onRerun}
              className="rounded border border-sky-300 bg-white px-2 py-0.5 text-xs hover:bg-sky-100 disabled:cursor-not-allowed disabled:opacity-50"
            >
              Re-run the saved code
            </button>
            {rerunNote ? (
              <span data-testid="conversation-rerun-state" data-step={stale ? 'lost' : rerun.step} className="text-xs">
                {rerunNote}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
      {hasTurns && autosave.state !== 'idle' ? (
        <p data-testid="autosave-status" data-state={autosave.state} className={`text-xs ${autosave.state === 'failed' ? 'text-rose-700' : 'text-slate-500'}`}>
          {autosaveText(autosave)}
          {autosave.state === 'failed' ? (
            <>
              {`: ${autosave.message} `}
              <button type="button" onClick={onRetrySave} className="underline">
                Retry
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
