import type { ExportDataset, ExportSource, ExportTurn } from './export-source';
import { bindingKey, bindingStatement } from './python-loader';
import { pythonCommentText } from '@/lib/text/python-literal';

/**
 * Which variables an exported script or notebook binds, and when: the first question's bindings in the loading
 * part, then before each later question the variables whose file (or reading options) changed since, as the browser
 * kernel re-bound them. A variable left as it was keeps its value, changes by earlier code included, exactly like
 * the kernel's lazy bindings (workers/python/kernel_datasets.py). Browser-safe, pure.
 */
export interface BindingPlan {
  /** Bound by the loading part, before the first question. */
  initial: ExportDataset[];
  /** Per question (same order as source.turns): the statements that re-bind what changed before it runs. */
  before: string[][];
}

export function planBindings({ source }: { source: Pick<ExportSource, 'datasets' | 'turns'> }): BindingPlan {
  const perQuestion = source.turns.some((turn) => turn.bindings !== undefined);
  // Without per-question bindings anywhere (older records), the analysis-level list held for every question.
  const bindingsOf = (turn: ExportTurn): ExportDataset[] | null => turn.bindings ?? (perQuestion ? null : source.datasets);
  const firstBound = source.turns.map(bindingsOf).find((bindings) => bindings !== null);
  const initial = firstBound ?? source.datasets;
  const state = new Map(initial.map((dataset) => [dataset.variable, dataset]));
  const before = source.turns.map((turn) => {
    const next = bindingsOf(turn);
    if (!next) return [];
    const changed = next.filter((dataset) => {
      const current = state.get(dataset.variable);
      return !current || bindingKey(current) !== bindingKey(dataset);
    });
    const lines = changed.flatMap((dataset) => {
      const was = state.get(dataset.variable);
      state.set(dataset.variable, dataset);
      const why = was ? `it was data/${was.fileName} until now` : 'first used here';
      return [`# ${pythonCommentText(`Question ${turn.number} reads ${dataset.variable} from data/${dataset.fileName} (${why}).`)}`, bindingStatement(dataset)];
    });
    return lines;
  });
  return { initial, before };
}
