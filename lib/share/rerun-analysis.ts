import type { SavedTurn } from '@/lib/analysis/analysis-record';
import type { RerunPlan } from '@/lib/analysis/analysis-types';
import type { LoadDatasetsArgs, LoadProgress } from '@/lib/datasets/load-into-kernel';
import type { LoadedDataset } from '@/lib/datasets/dataset-types';
import type { MountFile, MountedFile, RunResult } from '@/workers/kernel-protocol';
import { compareOutputs, type OutputComparison } from './compare-outputs';
import { finalSavedAttempt } from './saved-outputs';

/**
 * "Re-run in my browser", after the viewer confirmed the code: mount the analysis's data under the names and variables
 * the saved code expects, run the plan's code of each question in order on one kernel (follow-ups build on earlier
 * variables, as in the original conversation), and compare each run's outputs with the saved ones. The plan comes
 * from the server (prepareRerun) and its code is what the viewer was shown; it must be the saved final attempts', or
 * the comparison would be meaningless. Dependencies are injected, so this runs in tests with stubs.
 */

export type RerunProgress =
  | { phase: 'fetching'; label: string; loaded: number; total: number }
  | { phase: 'running'; question: number; of: number };

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
export type ConfirmedRerun = Pick<RerunPlan, 'code' | 'downloads' | 'datasets'>;

export interface RerunDeps {
  loadDatasets: (args: LoadDatasetsArgs) => Promise<LoadedDataset[]>;
  mountFiles: (files: MountFile[]) => Promise<MountedFile[]>;
  run: (request: { code: string }) => Promise<RunResult>;
}

async function mountData({ signed, deps, onProgress }: { signed: ConfirmedRerun; deps: RerunDeps; onProgress: (progress: RerunProgress) => void }): Promise<void> {
  if (signed.downloads.length === 0) return;
  const expected = new Map(signed.datasets.map((dataset) => [dataset.id, dataset]));
  const loaded = await deps.loadDatasets({
    datasets: signed.downloads,
    mountFiles: deps.mountFiles,
    // The URLs are already signed; the saved variables are passed as "already loaded" so each dataset keeps its dfN.
    getDownloadUrls: async () => ({ ok: true, downloads: signed.downloads }),
    loaded: signed.datasets.map((dataset) => ({ id: dataset.id, displayName: dataset.fileName, name: dataset.fileName, path: `/data/${dataset.fileName}`, variable: dataset.variable, bytes: 0 })),
    onProgress: (progress: LoadProgress) => onProgress({ phase: 'fetching', label: progress.displayName, loaded: progress.loaded, total: progress.total }),
  });
  for (const mounted of loaded) {
    const want = expected.get(mounted.id);
    if (want && (mounted.name !== want.fileName || mounted.variable !== want.variable)) {
      throw new RerunError(
        `“${mounted.displayName}” was mounted as ${mounted.path} (${mounted.variable}) but the saved code expects /data/${want.fileName} (${want.variable}).`,
      );
    }
  }
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
  await mountData({ signed: plan, deps, onProgress });
  const outcomes: TurnRerun[] = [];
  for (const [index, turn] of turns.entries()) {
    const saved = finalSavedAttempt(turn);
    const code = plan.code[index];
    let outcome: TurnRerun;
    if (!saved || code == null) {
      outcome = { number: index + 1, comparison: null, result: null };
    } else {
      onProgress({ phase: 'running', question: index + 1, of: turns.length });
      const result = await deps.run({ code });
      outcome = { number: index + 1, comparison: compareOutputs({ saved, rerun: result }), result };
    }
    outcomes.push(outcome);
    onTurn(outcome);
  }
  return outcomes;
}
