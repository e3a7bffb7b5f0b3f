import 'server-only';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { AskError, AskEvent, AskRequest, RepairRequest } from '../contracts';
import { buildDatasetBriefs } from '@/lib/files/dataset-briefs';
import { generateCode, type OfflinePlanner } from './generate-code';
import { CancelledError, LlmError } from '@/lib/llm/server/llm-errors';
import { guideAnalysis } from './guide-analysis';
import type { LlmProvider } from '@/lib/llm/server/llm-call';
import { createMetrics, type LlmSettings, type MetricsRecorder } from '@/lib/llm/server/llm-settings';
import { isBroadRequest } from '@/lib/answer/review-contract';
import type { AskProvider } from '@/lib/llm/server/providers';
import { repairCode } from './repair-code';
import { selectDatasets, type OfflineChooser } from './select-datasets';

/**
 * The ask and repair flows as event emitters (the server actions stream the events: lib/ask/server/event-actions.ts):
 * provider, selection, context, code-delta…, then plan or error. Every dependency is injected; the actions wire the
 * real ones (lib/ask/server/ask-deps.ts) and tests wire scripted ones.
 */

export interface AskDeps {
  provider: AskProvider;
  settings: LlmSettings;
  /** Dataset records by id; missing ids are simply absent from the result (any order). */
  loadDatasets: (ids: string[]) => Promise<DatasetMeta[]>;
  planOffline: OfflinePlanner;
  chooseOffline: OfflineChooser;
  /**
   * The reviewer model (REVIEW_MODEL) and its call settings: it reviews answers (/api/review) and plans broad
   * requests before code is written. Absent or null: neither.
   */
  reviewer?: { provider: LlmProvider | null; settings: LlmSettings };
  now?: () => number;
}

export type Emit = (event: AskEvent) => void;

class DatasetsMissing extends LlmError {}

async function loadInOrder({ ids, deps, required }: { ids: string[]; deps: AskDeps; required: boolean }): Promise<DatasetMeta[]> {
  const unique = [...new Set(ids)];
  let metas: DatasetMeta[];
  try {
    metas = unique.length === 0 ? [] : await deps.loadDatasets(unique);
  } catch (error) {
    console.error('Loading dataset records failed', error);
    throw new DatasetsMissing({ code: 'dataset_missing', message: 'The dataset records could not be read. Try again in a moment.', retryable: true });
  }
  const byId = new Map(metas.map((meta) => [meta.id, meta]));
  const missing = unique.filter((id) => !byId.has(id));
  if (required && missing.length > 0) {
    throw new DatasetsMissing({
      code: 'dataset_missing',
      message: `${missing.length === 1 ? 'A dataset of this question no longer exists' : `${missing.length} datasets of this question no longer exist`} (deleted or never uploaded). Refresh the catalog and pick again.`,
      retryable: false,
    });
  }
  return unique.map((id) => byId.get(id)).filter((meta): meta is DatasetMeta => meta !== undefined);
}

function askErrorOf(error: unknown): AskError {
  if (error instanceof LlmError) return error.askError;
  console.error('Ask pipeline failed unexpectedly', error);
  return { code: 'no_plan', message: 'Something went wrong while writing the code. Try again; the server log has details.', retryable: true };
}

/**
 * How every flow starts and ends: its own metrics, the `provider` event, then `body`, with failures turned into one
 * `error` event; a Cancel ends quietly.
 */
async function guarded({
  deps,
  emit,
  signal,
  body,
}: {
  deps: AskDeps;
  emit: Emit;
  signal: AbortSignal;
  body: (metrics: MetricsRecorder) => Promise<void>;
}): Promise<void> {
  const metrics = createMetrics({ ...(deps.now ? { now: deps.now } : {}) });
  emit({ type: 'provider', provider: deps.provider.info });
  try {
    await body(metrics);
  } catch (error) {
    if (error instanceof CancelledError || signal.aborted) return;
    emit({ type: 'error', error: askErrorOf(error) });
  }
}

export async function runAsk({ request, deps, signal, emit }: { request: AskRequest; deps: AskDeps; signal: AbortSignal; emit: Emit }): Promise<void> {
  await guarded({
    deps,
    emit,
    signal,
    body: async (metrics) => {
      const pinned = await loadInOrder({ ids: request.pinnedIds, deps, required: true });
      const candidates = pinned.length > 0 ? [] : await loadInOrder({ ids: request.datasetIds, deps, required: false });
      const selection = await selectDatasets({
        question: request.question,
        candidates,
        pinned,
        provider: deps.provider,
        settings: deps.settings,
        signal,
        metrics,
        chooseOffline: deps.chooseOffline,
        ...(request.preset ? { preset: request.preset } : {}),
        history: request.history,
      });
      emit(selection.event);
      const briefs = buildDatasetBriefs({ datasets: selection.datasets });
      emit({ type: 'context', datasets: briefs });
      // Guidance before code: only where a model writes the code (the offline planner has its own plans).
      const reviewer = deps.reviewer?.provider;
      const guidance =
        reviewer && deps.provider.kind === 'llm' && isBroadRequest({ question: request.question, preset: request.preset })
          ? await guideAnalysis({
              question: request.question,
              briefs,
              ...(request.preset ? { preset: request.preset } : {}),
              reviewer,
              settings: deps.reviewer?.settings ?? deps.settings,
              signal,
              metrics,
            })
          : null;
      if (guidance) emit({ type: 'guidance', guidance });
      const generated = await generateCode({
        question: request.question,
        briefs,
        history: request.history,
        ...(request.preset ? { preset: request.preset } : {}),
        provider: deps.provider,
        settings: deps.settings,
        signal,
        metrics,
        planOffline: deps.planOffline,
        onCode: (code) => emit({ type: 'code-delta', code }),
        ...(guidance?.status === 'planned' ? { guidance: guidance.steps } : {}),
      });
      emit({ type: 'plan', plan: generated.plan, code: generated.code, expects: generated.expects, metrics: metrics.snapshot() });
    },
  });
}

export async function runRepair({ request, deps, signal, emit }: { request: RepairRequest; deps: AskDeps; signal: AbortSignal; emit: Emit }): Promise<void> {
  await guarded({
    deps,
    emit,
    signal,
    body: async (metrics) => {
      // The same order as the failed run, so df1..dfN mean the same DataFrames.
      const briefs = buildDatasetBriefs({ datasets: await loadInOrder({ ids: request.datasetIds, deps, required: true }) });
      emit({ type: 'context', datasets: briefs });
      const repaired = await repairCode({
        request,
        briefs,
        provider: deps.provider,
        settings: deps.settings,
        signal,
        metrics,
        onCode: (code) => emit({ type: 'code-delta', code }),
      });
      emit({
        type: 'plan',
        plan: repaired.plan,
        code: repaired.code,
        expects: repaired.expects,
        change: repaired.change,
        metrics: metrics.snapshot(),
      });
    },
  });
}
