import type { SavedTurn } from '@/lib/share/analysis-record';
import type { RerunDataset, RerunPlan } from '@/lib/share/analysis-types';
import type { ClientMountFile } from '@/lib/kernel/kernel-types';
import type { LoadDatasetsArgs, LoadProgress } from '@/lib/kernel/client/load-into-kernel';
import type { LoadedDataset } from '@/lib/files/dataset-types';
import { mountDataBytes, type MountedFile, type RunResult } from '@/workers/kernel-protocol';
import { compareOutputs, type OutputComparison } from './compare-outputs';
import { finalSavedAttempt } from '../saved-outputs';

/**
 * "Re-run in my browser", after the viewer confirmed the code: download the analysis's data once, then before each
 * question bind its own files under the names and variables its saved code expects, run the plan's code of each
 * question in order on one kernel (follow-ups build on earlier
 * variables, as in the original conversation), and compare each run's outputs with the saved ones. The plan comes
 * from the server (prepareRerun) and its code is what the viewer was shown; it must be the saved final attempts', or
 * the comparison would be meaningless. Dependencies are injected, so this runs in tests with stubs.
 */

export type RerunProgress = { phase: 'fetching'; label: string; loaded: number; total: number } | { phase: 'running'; question: number; of: number };

export interface TurnRerun {
  /** 1-based question number. */
  number: number;
  /** Null when the question had no code to run. */
  comparison: OutputComparison | null;
  result: RunResult | null;
}

export class RerunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RerunError';
  }
}

/** What the page got from prepareRerun: the confirmed code and the data. */
export type ConfirmedRerun = Pick<RerunPlan, 'code' | 'downloads' | 'datasets'> & Partial<Pick<RerunPlan, 'turns'>>;

export interface RerunDeps {
  loadDatasets: (args: LoadDatasetsArgs) => Promise<LoadedDataset[]>;
  /** The kernel client's mountFiles: each question's datasets are bound through it before its code runs. */
  mountFiles: (files: ClientMountFile[]) => Promise<MountedFile[]>;
  run: (request: { code: string }) => Promise<RunResult>;
}

/**
 * Downloads every dataset once (the URLs are short-lived, so not question by question) without mounting anything:
 * each question binds its own files later. Keyed by dataset id.
 */
async function fetchData({
  signed,
  deps,
  onProgress,
}: {
  signed: ConfirmedRerun;
  deps: RerunDeps;
  onProgress: (progress: RerunProgress) => void;
}): Promise<Map<string, ClientMountFile>> {
  const files = new Map<string, ClientMountFile>();
  if (signed.downloads.length === 0) return files;
  const expected = new Map(signed.datasets.map((dataset) => [dataset.id, dataset]));
  await deps.loadDatasets({
    datasets: signed.downloads,
    // Kept here, not mounted: which variable each file gets depends on the question.
    mountFiles: async (batch) =>
      batch.map((file) => {
        if (file.dataset) files.set(file.dataset.id, file);
        return { name: file.name, path: `/data/${file.name}`, bytes: mountDataBytes(file.data) };
      }),
    getDownloadUrls: async () => ({ ok: true, downloads: signed.downloads }),
    onProgress: (progress: LoadProgress) => onProgress({ phase: 'fetching', label: progress.displayName, loaded: progress.loaded, total: progress.total }),
  });
  for (const [id, file] of files) {
    const want = expected.get(id);
    if (want && file.name !== want.fileName) {
      throw new RerunError(
        `“${file.dataset?.displayName ?? file.name}” would be mounted as /data/${file.name} but the saved code expects /data/${want.fileName}.`,
      );
    }
  }
  return files;
}

/** Binds the question's datasets that are not bound as it needs (current: variable → dataset id, updated). */
async function bindQuestion({
  wanted,
  files,
  current,
  deps,
}: {
  wanted: readonly RerunDataset[];
  files: ReadonlyMap<string, ClientMountFile>;
  current: Map<string, string>;
  deps: RerunDeps;
}): Promise<void> {
  const stale = wanted.filter((dataset) => current.get(dataset.variable) !== dataset.id);
  if (stale.length === 0) return;
  const mounts = stale.map((dataset): ClientMountFile => {
    const file = files.get(dataset.id);
    if (!file) throw new RerunError(`The data of ${dataset.variable} (/data/${dataset.fileName}) was not downloaded, so the question cannot be re-run.`);
    return { ...file, binding: { variable: dataset.variable, format: dataset.format, options: dataset.options } };
  });
  await deps.mountFiles(mounts);
  for (const dataset of stale) current.set(dataset.variable, dataset.id);
}

export async function rerunAnalysis({
  turns,
  plan,
  deps,
  onProgress = () => undefined,
  onTurn = () => undefined,
}: {
  turns: readonly SavedTurn[];
  plan: ConfirmedRerun;
  deps: RerunDeps;
  onProgress?: (progress: RerunProgress) => void;
  /** Called as each question finishes, so the page can show results while later ones run. */
  onTurn?: (outcome: TurnRerun) => void;
}): Promise<TurnRerun[]> {
  const changed = plan.code.length !== turns.length || turns.some((turn, index) => (finalSavedAttempt(turn)?.code ?? null) !== plan.code[index]);
  if (changed) throw new RerunError('The analysis on the server no longer matches this page. Reload the page and re-run it.');
  const files = await fetchData({ signed: plan, deps, onProgress });
  const current = new Map<string, string>();
  const outcomes: TurnRerun[] = [];
  for (const [index, turn] of turns.entries()) {
    const saved = finalSavedAttempt(turn);
    const code = plan.code[index];
    let outcome: TurnRerun;
    if (!saved || code == null) {
      outcome = { number: index + 1, comparison: null, result: null };
    } else {
      // Each question's own files, bound to the variables its code was written against, before it runs.
      await bindQuestion({ wanted: plan.turns?.[index] ?? plan.datasets, files, current, deps });
      onProgress({ phase: 'running', question: index + 1, of: turns.length });
      const result = await deps.run({ code });
      outcome = { number: index + 1, comparison: compareOutputs({ saved, rerun: result }), result };
    }
    outcomes.push(outcome);
    onTurn(outcome);
  }
  return outcomes;
}
