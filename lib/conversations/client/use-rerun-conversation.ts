'use client';

import { useCallback, useState } from 'react';
import { finalAttempt, type TurnState } from '@/lib/ask/turn-state';
import { bindBriefs, type KernelBindings } from '@/lib/kernel/client/kernel-bindings';
import type { RunResult } from '@/workers/kernel-protocol';

export type RerunState =
  | { step: 'idle' }
  | { step: 'running'; question: number; of: number }
  /** `generation`: the kernel's when the re-run ended; a later one means its variables are gone again. */
  | { step: 'done'; ran: number; failed: number[]; generation: number }
  | { step: 'failed'; message: string };

/**
 * "Re-run the saved code" of a reopened conversation: the variables of a Python session do not survive a reload, so
 * each question's final code runs again in order (follow-ups build on earlier variables, as they did), each bound to
 * its own saved datasets first — as the share page's re-run does, with the owner's own catalog instead of signed links.
 * The saved outputs stay on screen; this only rebuilds the kernel's state for follow-up questions.
 */
export function useRerunConversation({
  kernel,
  run,
  currentGeneration,
}: {
  kernel: KernelBindings;
  run: (request: { code: string }) => Promise<RunResult>;
  /** The kernel client's generation now (bumped whenever its variables are lost: reset, crash, time limit). */
  currentGeneration: () => number;
}) {
  const [state, setState] = useState<RerunState>({ step: 'idle' });

  const rerun = useCallback(
    async (turns: readonly TurnState[]) => {
      const runnable = turns.flatMap((turn, index) => {
        const code = finalAttempt(turn)?.code;
        return code ? [{ turn, code, number: index + 1 }] : [];
      });
      const failed: number[] = [];
      try {
        for (const [position, { turn, code, number }] of runnable.entries()) {
          setState({ step: 'running', question: position + 1, of: runnable.length });
          const briefs = (turn.bindings ?? []).flatMap((binding) => (binding.datasetId ? [{ id: binding.datasetId, variable: binding.variable }] : []));
          await bindBriefs({ briefs, kernel });
          const result = await run({ code });
          if (result.status !== 'ok') failed.push(number);
        }
        setState({ step: 'done', ran: runnable.length, failed, generation: currentGeneration() });
      } catch (error) {
        setState({ step: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [currentGeneration, kernel, run],
  );

  return { state, rerun, clear: useCallback(() => setState({ step: 'idle' }), []) };
}
