import { ASK_ERROR_MESSAGE_MAX } from '@/lib/llm/model-contract';
import { SAVE_CAPS } from '@/lib/share/save-caps';
import { shortText } from '@/lib/text/cut-text';
import type { TurnPhase, TurnState } from '@/lib/ask/turn-state';
import { turnDatasetBindings, turnInput } from '@/lib/share/client/save-request';
import { MAX_CONVERSATION_TURNS, type ConversationInput, type ConversationShare, type StoredPhase, type StoredTurn } from '../conversation-record';

/**
 * The workspace's conversation → the body of `PUT /api/conversations/<id>`. Browser-safe, pure. Every question is
 * kept, settled or not (a question still running is saved as `running`, so a crash loses at most the step in flight),
 * in the analysis save shape with its own dataset bindings.
 */

function storedPhase(phase: TurnPhase): StoredPhase {
  return phase === 'done' || phase === 'failed' || phase === 'cancelled' ? phase : 'running';
}

function storedTurn(turn: TurnState, available: ReadonlySet<string>): StoredTurn {
  const input = turnInput(turn, turnDatasetBindings({ turn, available }));
  return {
    ...input,
    // The server keeps at most this many figures per attempt; the rest are left out here rather than failing the save.
    attempts: input.attempts.map((attempt) =>
      attempt.result && attempt.result.figures.length > SAVE_CAPS.figuresPerAttempt
        ? { ...attempt, result: { ...attempt.result, figures: attempt.result.figures.slice(0, SAVE_CAPS.figuresPerAttempt) } }
        : attempt,
    ),
    phase: storedPhase(turn.phase),
    // A failure can quote a long kernel message; the record keeps its start rather than refusing the whole autosave.
    ...(turn.error ? { error: { ...turn.error, message: shortText(turn.error.message, ASK_ERROR_MESSAGE_MAX) } } : {}),
  };
}

export function conversationBody({
  turns,
  availableDatasetIds,
  share,
  source,
}: {
  turns: readonly TurnState[];
  availableDatasetIds: readonly string[];
  share: ConversationShare | null;
  source?: { analysisId: string } | undefined;
}): ConversationInput | null {
  if (turns.length === 0) return null;
  const available = new Set(availableDatasetIds);
  return {
    turns: turns.slice(-MAX_CONVERSATION_TURNS).map((turn) => storedTurn(turn, available)),
    share,
    ...(source ? { source } : {}),
  };
}

/**
 * What changes when a step settles (a question asked, a phase reached, an attempt's outputs, a share link): autosave
 * follows this rather than every streamed token, so it writes once per step, not once per delta.
 */
export function conversationSignature({ id, turns, share }: { id: string | null; turns: readonly TurnState[]; share: ConversationShare | null }): string {
  const steps = turns.map(
    (turn) => `${turn.id}:${turn.phase}:${turn.attempts.length}:${turn.attempts.filter((attempt) => attempt.result).length}:${turn.answer.length > 0 ? 1 : 0}`,
  );
  return JSON.stringify([id, steps, share]);
}
