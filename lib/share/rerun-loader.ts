import type { ActionResult, DatasetDownload, LoadedDataset } from '@/lib/files/dataset-types';
import type { AnalysisResult, RerunDownloads } from './analysis-types';

/**
 * Glue between the prepareRerun action and loadDatasetsIntoKernel (lib/kernel/client/load-into-kernel.ts), so a
 * re-run mounts the same files under the same names and binds them to the same variables as when it was saved:
 *
 *   const rerun = await prepareRerun({ id });                // lib/share/actions.ts
 *   if (rerun.ok) await loadDatasetsIntoKernel({ mountFiles, ...rerunLoadOptions({ rerun }) });
 *
 * This binds the record's analysis-level list (each dataset with the variable of the first question that used it);
 * a record with per-question bindings is re-run question by question by rerunAnalysis (lib/share/client/rerun-analysis.ts),
 * which binds `rerun.turns[i]` before question i. Browser-safe, pure.
 */
export function rerunLoadOptions({ rerun }: { rerun: RerunDownloads }): {
  datasets: Array<{ id: string }>;
  /** Pre-seeded with the saved variables: the loader keeps a known dataset's variable instead of numbering anew. */
  loaded: LoadedDataset[];
  getDownloadUrls: () => Promise<ActionResult<{ downloads: DatasetDownload[] }>>;
} {
  return {
    datasets: rerun.datasets.map(({ id }) => ({ id })),
    loaded: rerun.datasets.map((dataset) => ({
      id: dataset.id,
      displayName: rerun.downloads.find((download) => download.id === dataset.id)?.displayName ?? dataset.fileName,
      name: dataset.fileName,
      path: `/data/${dataset.fileName}`,
      variable: dataset.variable,
      bytes: 0,
    })),
    getDownloadUrls: async () => ({ ok: true, downloads: rerun.downloads }),
  };
}

/** The action's failure in the loader's terms, for callers that pass the action itself (codes differ, text is kept). */
export function asDownloadResult({ result }: { result: AnalysisResult<RerunDownloads> }): ActionResult<{ downloads: DatasetDownload[] }> {
  if (result.ok) return { ok: true, downloads: result.downloads };
  return { ok: false, code: result.code === 'storage' ? 'storage' : 'not_found', message: result.message, retryable: result.retryable };
}
