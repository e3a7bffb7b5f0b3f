import type { SaveAnalysisInput, TurnInput } from '@/lib/analysis/save-input';
import type { TurnState } from '@/lib/ask/turn-state';
import type { InitInfo } from '@/workers/kernel-protocol';

/**
 * The workspace's conversation → the body of `POST /api/analyses` (lib/analysis/save-input.ts). Browser-safe, pure:
 * the panel builds the body with it and the server checks it again with the same schema.
 */

/** A turn can be saved once its outputs exist and nothing is still streaming into it. */
export function isSavableTurn(turn: Pick<TurnState, 'phase' | 'attempts'>): boolean {
  return turn.phase === 'done' || (turn.phase === 'failed' && turn.attempts.some((attempt) => attempt.result !== undefined));
}

/**
 * The datasets the conversation's code ran against and the variable each was bound to, from what each turn was
 * shown (TurnState.context). A dataset keeps the variable of its first turn; `available` (the catalog's ready ids)
 * drops datasets deleted since, which the server could not save.
 */
export function datasetBindings({ turns, available }: { turns: ReadonlyArray<Pick<TurnState, 'context'>>; available: readonly string[] }): {
  datasetIds: string[];
  variables: string[];
} {
  const byId = new Map<string, string>();
  const taken = new Set<string>();
  const ready = new Set(available);
  for (const turn of turns) {
    for (const brief of turn.context ?? []) {
      if (byId.has(brief.id) || taken.has(brief.variable) || !ready.has(brief.id)) continue;
      byId.set(brief.id, brief.variable);
      taken.add(brief.variable);
    }
  }
  // df1..dfN order, as the record and the exports list them.
  const entries = [...byId.entries()].sort(([, left], [, right]) => Number(left.slice(2)) - Number(right.slice(2)));
  return { datasetIds: entries.map(([id]) => id), variables: entries.map(([, variable]) => variable) };
}

function turnInput(turn: TurnState): TurnInput {
  return {
    question: turn.question,
    ...(turn.plan ? { plan: turn.plan.slice(0, 2000) } : {}),
    answer: turn.answer,
    ...(turn.provider ? { provider: turn.provider } : {}),
    metrics: turn.metrics,
    ...(turn.checks ? { checks: turn.checks } : {}),
    ...(turn.review ? { review: turn.review } : {}),
    ...(turn.guidance ? { guidance: turn.guidance } : {}),
    attempts: turn.attempts.map((attempt) => ({
      number: attempt.number,
      code: attempt.code,
      ...(attempt.change !== undefined ? { change: attempt.change } : {}),
      ...(attempt.fixedBy !== undefined ? { fixedBy: attempt.fixedBy } : {}),
      ...(attempt.result ? { result: attempt.result } : {}),
    })),
  };
}

export interface SaveOptions {
  /** Days until the link stops working; null: never. */
  expiresInDays: number | null;
  allowRerun: boolean;
  title?: string;
}

export function buildSaveRequest({
  turns,
  availableDatasetIds,
  kernelInfo,
  options,
}: {
  turns: readonly TurnState[];
  availableDatasetIds: readonly string[];
  kernelInfo: Pick<InitInfo, 'pyodideVersion' | 'pythonVersion'> | null;
  options: SaveOptions;
}): SaveAnalysisInput {
  const savable = turns.filter(isSavableTurn);
  const packages = new Set<string>();
  for (const turn of savable) for (const attempt of turn.attempts) for (const name of attempt.result?.packagesLoaded ?? []) packages.add(name);
  return {
    ...(options.title?.trim() ? { title: options.title.trim() } : {}),
    turns: savable.map(turnInput),
    ...datasetBindings({ turns: savable, available: availableDatasetIds }),
    versions: {
      pyodide: kernelInfo?.pyodideVersion ?? 'unknown',
      python: kernelInfo?.pythonVersion ?? 'unknown',
      packages: [...packages].sort().slice(0, 100),
    },
    expiresInDays: options.expiresInDays,
    allowRerun: options.allowRerun,
  };
}
