import type { TurnInput } from './save-input';

/** What a question's run reported beside its answer: the model, the costs, the answer checks and the reviewer's word. */
export type TurnReport = Pick<TurnInput, 'provider' | 'metrics' | 'checks' | 'review' | 'guidance'>;

/**
 * A turn's report as the saved shapes hold it, whether the turn is live (saving an analysis, lib/share/client/save-request.ts)
 * or saved (continuing one in the workspace, lib/conversations/server/conversation-from-analysis.ts): parts the run did
 * not produce are left out, not written as `undefined`. Browser-safe.
 */
export function turnReport(turn: TurnReport): TurnReport {
  return {
    ...(turn.provider ? { provider: turn.provider } : {}),
    metrics: turn.metrics,
    ...(turn.checks ? { checks: turn.checks } : {}),
    ...(turn.review ? { review: turn.review } : {}),
    ...(turn.guidance ? { guidance: turn.guidance } : {}),
  };
}
