import { providerInfoSchema, type ProviderInfo } from '@/lib/ask/contracts';
import { createTurn, type TurnAttempt, type TurnState } from '@/lib/ask/turn-state';
import type { RunResult } from '@/workers/kernel-protocol';
import type { ConversationView, StoredTurn } from './conversation-record';

/**
 * A saved conversation → the workspace's turns, showing the outputs as saved. Browser-safe, pure. Only what was saved
 * comes back: the kernel's variables do not (the page says so and offers to re-run the code), and a question that was
 * still running when the page closed comes back cancelled.
 */

type StoredAttempt = StoredTurn['attempts'][number];

/** The saved provider label, when its kind is one this version knows (the record keeps it as free text). */
function restoredProvider(provider: StoredTurn['provider']): ProviderInfo | undefined {
  const kind = providerInfoSchema.shape.kind.safeParse(provider?.kind);
  return provider && kind.success ? { kind: kind.data, model: provider.model, label: provider.label } : undefined;
}

function restoredResult(result: NonNullable<StoredAttempt['result']>): RunResult {
  // The stored outputs were cut to the save caps on the server; a cut stream carries its own marker line.
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    stdoutTruncated: false,
    stderrTruncated: false,
    figures: result.figures,
    figuresDropped: 0,
    result: result.result,
    error: result.error,
    timings: result.timings,
    packagesLoaded: [],
  };
}

function restoredAttempt(attempt: StoredAttempt): TurnAttempt {
  return {
    number: attempt.number,
    code: attempt.code,
    ...(attempt.change !== undefined ? { change: attempt.change } : {}),
    ...(attempt.fixedBy !== undefined ? { fixedBy: attempt.fixedBy } : {}),
    ...(attempt.result ? { result: restoredResult(attempt.result) } : {}),
  };
}

export function restoreTurns({ conversation }: { conversation: Pick<ConversationView, 'id' | 'turns'> }): TurnState[] {
  return conversation.turns.map((turn, index): TurnState => {
    const provider = restoredProvider(turn.provider);
    return {
      ...createTurn({ id: `saved-${conversation.id}-${index}`, question: turn.question }),
      phase: turn.phase === 'running' ? 'cancelled' : turn.phase,
      ...(turn.plan !== undefined ? { plan: turn.plan } : {}),
      ...(provider ? { provider } : {}),
      ...(turn.checks ? { checks: turn.checks } : {}),
      ...(turn.review ? { review: turn.review } : {}),
      ...(turn.guidance ? { guidance: turn.guidance } : {}),
      ...(turn.error ? { error: turn.error } : {}),
      ...(turn.bindings ? { bindings: turn.bindings.map(({ variable, datasetId }) => ({ variable, datasetId })) } : {}),
      answer: turn.answer,
      metrics: turn.metrics,
      // An attempt that never ran has no outputs to show; its code is shown as the question's code instead of as a
      // run that would look as if it were still going.
      attempts: turn.attempts.filter((attempt) => attempt.result).map(restoredAttempt),
      streamingCode: turn.attempts.at(-1)?.result ? '' : (turn.attempts.at(-1)?.code ?? ''),
    };
  });
}

/** How many questions were still running when the conversation was last saved (the page closed or crashed). */
export function interruptedCount({ conversation }: { conversation: Pick<ConversationView, 'turns'> }): number {
  return conversation.turns.filter((turn) => turn.phase === 'running').length;
}
