import type { SaveAnalysisInput, TurnInput } from '@/lib/share/save-input';
import { refusalSchema, savedLinkSchema, type SavedLink } from '@/lib/share/analysis-types';
import type { TurnState } from '@/lib/ask/turn-state';
import { turnReport } from '@/lib/share/turn-report';
import type { InitInfo } from '@/workers/kernel-protocol';
import { firstIssueText } from '@/lib/text/schema-issue';
import { fitText } from '@/lib/text/cut-text';

/**
 * The workspace's conversation → the body of `POST /api/analyses` (lib/share/save-input.ts). Browser-safe, pure:
 * the panel builds the body with it and the server checks it again with the same schema.
 */

/** A turn can be saved once its outputs exist and nothing is still streaming into it. */
export function isSavableTurn(turn: Pick<TurnState, 'phase' | 'attempts'>): boolean {
  return turn.phase === 'done' || (turn.phase === 'failed' && turn.attempts.some((attempt) => attempt.result !== undefined));
}

/** The variables a record can hold (save-input.ts): df1, df2, … */
const DATASET_VARIABLE = /^df[1-9][0-9]{0,2}$/;

/** One variable of one question: which dataset it was bound to when that question's code ran. */
export interface TurnDatasetBinding {
  variable: string;
  datasetId: string;
}

/**
 * The variables a question's code depended on: those bound when it ran (TurnState.bindings, from the kernel client)
 * that the model was shown (the turn's briefs) or that the code names. Other datasets the analyst had loaded are left
 * out, so a saved analysis (and whoever re-runs it) gets only the data its questions used. A turn without recorded
 * bindings falls back to its briefs. `available` (the catalog's ready ids) drops datasets deleted since.
 */
export function turnDatasetBindings({
  turn,
  available,
}: {
  turn: Pick<TurnState, 'context' | 'bindings' | 'attempts'>;
  available: ReadonlySet<string>;
}): TurnDatasetBinding[] {
  const shown = new Set((turn.context ?? []).map((brief) => brief.variable));
  const code = turn.attempts.map((attempt) => attempt.code).join('\n');
  const named = (variable: string) => new RegExp(`(?<![\\w.])${variable}(?!\\w)`).test(code);
  const source = turn.bindings
    ? turn.bindings.flatMap((bound) => (bound.datasetId ? [{ variable: bound.variable, datasetId: bound.datasetId }] : []))
    : (turn.context ?? []).map((brief) => ({ variable: brief.variable, datasetId: brief.id }));
  return source
    .filter(
      (binding) => DATASET_VARIABLE.test(binding.variable) && available.has(binding.datasetId) && (shown.has(binding.variable) || named(binding.variable)),
    )
    .sort((left, right) => Number(left.variable.slice(2)) - Number(right.variable.slice(2)));
}

/**
 * The datasets the conversation's code ran against, each once with the variable of the first question that used it
 * (the record's analysis-level list, which records saved before per-question bindings rely on), and each question's
 * own bindings.
 */
export function datasetBindings({
  turns,
  available,
}: {
  turns: ReadonlyArray<Pick<TurnState, 'context' | 'bindings' | 'attempts'>>;
  available: readonly string[];
}): {
  datasetIds: string[];
  variables: string[];
  perTurn: TurnDatasetBinding[][];
} {
  const ready = new Set(available);
  const perTurn = turns.map((turn) => turnDatasetBindings({ turn, available: ready }));
  const byId = new Map<string, string>();
  for (const binding of perTurn.flat()) if (!byId.has(binding.datasetId)) byId.set(binding.datasetId, binding.variable);
  const entries = [...byId.entries()];
  return { datasetIds: entries.map(([id]) => id), variables: entries.map(([, variable]) => variable), perTurn };
}

/** One question as the analysis save shape (also the autosaved conversation's, lib/conversations/client/conversation-body.ts). */
export function turnInput(turn: TurnState, bindings: TurnDatasetBinding[]): TurnInput {
  return {
    bindings,
    question: turn.question,
    ...(turn.plan ? { plan: fitText(turn.plan, 2000) } : {}),
    answer: turn.answer,
    ...turnReport(turn),
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
  const { datasetIds, variables, perTurn } = datasetBindings({ turns: savable, available: availableDatasetIds });
  return {
    ...(options.title?.trim() ? { title: options.title.trim() } : {}),
    turns: savable.map((turn, index) => turnInput(turn, perTurn[index] ?? [])),
    datasetIds,
    variables,
    versions: {
      pyodide: kernelInfo?.pyodideVersion ?? 'unknown',
      python: kernelInfo?.pythonVersion ?? 'unknown',
      packages: [...packages].sort().slice(0, 100),
    },
    expiresInDays: options.expiresInDays,
    allowRerun: options.allowRerun,
  };
}

/**
 * The answer of `POST /api/analyses`, parsed where the page reads it (a proxy, an error page or a broken server may
 * answer instead): the saved link, or a message for people. An answer that is neither is never taken for a link.
 */
export async function readSaveResponse(response: Response): Promise<SavedLink | { ok: false; message: string }> {
  const json: unknown = await response.json().catch(() => undefined);
  const link = savedLinkSchema.safeParse(json);
  if (link.success) return link.data;
  const refusal = refusalSchema.safeParse(json);
  if (refusal.success) return refusal.data;
  if (json === undefined || !response.ok) return { ok: false, message: `The server answered ${response.status} ${response.statusText}.` };
  return {
    ok: false,
    message: `The server's answer to the save could not be read (${firstIssueText(link.error, 'unexpected shape')}); the analysis may not be saved.`,
  };
}
