import { checkAnswerNumbers, type NumberCheck } from '@/lib/answer/number-check';
import { toResultValue } from '@/lib/share/saved-outputs';
import type { SavedDataset, SavedTurn } from './analysis-record';

/**
 * Reading a saved record's per-question facts the same way everywhere (re-run, exports, share page, embed), for new
 * records and for records saved before they were stored. Browser-safe, pure.
 */

/**
 * The datasets bound when one question ran, each with the variable it had then, in df1..dfN order. A record saved
 * before per-question bindings has none: its analysis-level list held for every question (what re-runs and exports
 * did with it before), so nothing it recorded is lost. A binding naming a dataset the record does not list is skipped
 * (the save refuses those; a hand-edited record must not crash the page).
 */
export function turnBindings({ datasets, turn }: { datasets: readonly SavedDataset[]; turn: Pick<SavedTurn, 'question' | 'bindings'> }): SavedDataset[] {
  if (!turn.bindings) return [...datasets];
  const byId = new Map(datasets.map((dataset) => [dataset.id, dataset]));
  return turn.bindings
    .flatMap((binding) => {
      const dataset = byId.get(binding.datasetId);
      return dataset ? [{ ...dataset, variable: binding.variable }] : [];
    })
    .sort((left, right) => variableNumber(left.variable) - variableNumber(right.variable));
}

function variableNumber(variable: string): number {
  const number = Number(/^df(\d+)$/.exec(variable)?.[1]);
  return Number.isFinite(number) ? number : Number.MAX_SAFE_INTEGER;
}

/** The answer's number check as saved, or computed from the saved answer and outputs for records without one. */
export function savedNumberCheck({ turn }: { turn: Pick<SavedTurn, 'question' | 'answer' | 'attempts' | 'numberCheck'> }): NumberCheck {
  if (turn.numberCheck) return turn.numberCheck;
  const final = turn.attempts.at(-1);
  return checkAnswerNumbers({
    question: turn.question,
    answer: turn.answer,
    run: final ? { stdout: final.stdout, result: final.result ? toResultValue(final.result) : null } : null,
  });
}
