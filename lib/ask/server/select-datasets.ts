import 'server-only';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { AskEvent, DatasetBrief, Preset, TurnSummary } from '../contracts';
import { fileSelectionSchema } from '../contracts';
import { buildDatasetBriefs } from '@/lib/files/dataset-briefs';
import { callStructured } from '@/lib/llm/server/llm-call';
import { LlmError, MalformedOutputError, toAskError } from '@/lib/llm/server/llm-errors';
import type { LlmSettings, MetricsRecorder } from '@/lib/llm/server/llm-settings';
import { selectSystemPrompt, selectUserPrompt } from './prompts';
import type { AskProvider } from '@/lib/llm/server/providers';
import { fitText } from '@/lib/text/cut-text';

/**
 * Which datasets a question needs. No LLM call when there is nothing to choose: the analyst pinned datasets, or
 * there is one candidate. The offline provider chooses by the columns the question names (the offline planner's
 * own rule); an LLM chooses from a bounded catalog summary otherwise.
 */

export type SelectionEvent = Extract<AskEvent, { type: 'selection' }>;

/** The offline planner's dataset choice: the index of the brief the question is about. */
export type OfflineChooser = (args: { question: string; datasets: DatasetBrief[] }) => number;

export interface SelectionResult {
  /** In df1..dfN order. */
  datasets: DatasetMeta[];
  event: SelectionEvent;
}

export async function selectDatasets({
  question,
  candidates,
  pinned,
  provider,
  settings,
  signal,
  metrics,
  chooseOffline,
  preset,
  history = [],
}: {
  question: string;
  preset?: Preset;
  /** Earlier turns: their questions help the model keep a follow-up on the same data. */
  history?: TurnSummary[];
  /** The catalog the analyst sees (already loaded; missing ones dropped). */
  candidates: DatasetMeta[];
  /** The pinned datasets, in the order pinned; when non-empty they are used as is. */
  pinned: DatasetMeta[];
  provider: AskProvider;
  settings: LlmSettings;
  signal: AbortSignal;
  metrics: MetricsRecorder;
  chooseOffline: OfflineChooser;
}): Promise<SelectionResult> {
  if (pinned.length > 0) {
    return {
      datasets: pinned,
      event: {
        type: 'selection',
        datasets: pinned.map((meta) => ({ id: meta.id, reason: 'Pinned by you.' })),
        skipped: true,
        note: `Using the ${pinned.length === 1 ? 'dataset' : `${pinned.length} datasets`} you pinned; no selection needed.`,
      },
    };
  }
  const [only] = candidates;
  if (!only) {
    throw new LlmError({
      code: 'dataset_missing',
      message: 'There is no dataset to analyse. Upload a file or pick one from the catalog first.',
      retryable: false,
    });
  }
  if (candidates.length === 1) {
    return {
      datasets: [only],
      event: {
        type: 'selection',
        datasets: [{ id: only.id, reason: 'The only dataset available.' }],
        skipped: true,
        note: 'Only one dataset to choose from; no selection needed.',
      },
    };
  }
  if (provider.kind === 'offline') {
    // A prediction preset names its target column: the dataset that has it is the one.
    const withTarget = preset?.kind === 'predict' ? candidates.findIndex((meta) => meta.columns.some((column) => column.name === preset.target)) : -1;
    const index = withTarget >= 0 ? withTarget : chooseOffline({ question, datasets: buildDatasetBriefs({ datasets: candidates }) });
    const chosen = candidates[index] ?? only;
    return {
      datasets: [chosen],
      event: {
        type: 'selection',
        datasets: [{ id: chosen.id, reason: 'Its columns match the words of the question best.' }],
        skipped: false,
        note: `The offline planner chose one of ${candidates.length} datasets by the column names the question mentions. Pin datasets to choose yourself.`,
      },
    };
  }

  const selection = await callStructured({
    provider,
    call: { task: 'select', question },
    schema: fileSelectionSchema,
    instructions: selectSystemPrompt(),
    prompt: selectUserPrompt({ question, datasets: candidates, history }),
    settings,
    signal,
    metrics,
  });
  const byId = new Map(candidates.map((meta) => [meta.id, meta]));
  const seen = new Set<string>();
  const chosen = selection.datasets.filter((entry) => byId.has(entry.id) && !seen.has(entry.id) && seen.add(entry.id));
  if (chosen.length === 0) {
    throw new LlmError(toAskError({ error: new MalformedOutputError('it chose datasets that are not in the catalog.'), providerLabel: provider.info.label }));
  }
  return {
    datasets: chosen.map((entry) => byId.get(entry.id)).filter((meta): meta is DatasetMeta => meta !== undefined),
    event: {
      type: 'selection',
      datasets: chosen.map((entry) => ({ id: entry.id, reason: fitText(entry.reason, 300) })),
      skipped: false,
      note: `Chosen by ${provider.info.label} from ${candidates.length} datasets.`,
    },
  };
}
