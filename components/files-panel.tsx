'use client';

import { useCallback, useRef, useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { deleteDataset, renameDataset, setReadOptions } from '@/lib/files/actions';
import type { ReadOptions } from '@/lib/files/sniff/read-options-schema';
import { forgetDatasetFiles } from '@/lib/kernel/client/disk-cache';
import { datasetActionResults, type DatasetSummary, type LoadedDataset } from '@/lib/files/dataset-types';
import { loadIntoPython } from '@/lib/kernel/client/kernel-bindings';
import type { useCatalog } from '@/lib/files/client/use-catalog';
import { useUploads } from '@/lib/files/client/use-uploads';
import type { BoundDataset, ClientMountFile } from '@/lib/kernel/kernel-types';
import type { MountedFile } from '@/workers/kernel-protocol';
import { DatasetRow, type LoadState } from './dataset-row';
import { FileDropZone } from './file-drop-zone';
import { ImportFromPrefix } from './import-from-prefix';
import { UploadRow } from './upload-row';

export interface FilesPanelProps {
  /** The kernel's mountFiles (useKernel): "Load into Python" writes files under /data and binds df1..dfN. */
  mountFiles: (files: ClientMountFile[]) => Promise<MountedFile[]>;
  /**
   * The kernel client's bindings (useKernel's getBindings and state.bindings): the one record of which dataset is
   * dfN, shared with the Ask flow, so a load here never takes a variable the conversation's datasets hold.
   */
  getBindings: () => BoundDataset[];
  bindings: readonly BoundDataset[];
  /** MAX_UPLOAD_MB in bytes, to refuse oversized files before any byte moves (the server checks again). */
  maxUploadBytes: number;
  storageKind: 'local' | 's3';
  /** SHARED_PREFIXES: where "Import from storage prefix" may look (empty: the feature is off). */
  sharedPrefixes: string[];
  /** Datasets pinned for the next question; owned by the workspace so the Ask flow can read them. */
  pinnedIds: string[];
  onPinnedIdsChange: (ids: string[]) => void;
  /** The catalog (useCatalog), owned by the workspace because the Ask flow asks about the same datasets. */
  catalog: ReturnType<typeof useCatalog>;
}

/** The Data panel: upload, browse and search the catalog, preview schemas, pin, and load datasets into Python. */
export function FilesPanel({
  mountFiles,
  getBindings,
  bindings,
  maxUploadBytes,
  storageKind,
  sharedPrefixes,
  pinnedIds,
  onPinnedIdsChange,
  catalog,
}: FilesPanelProps) {
  const [notices, setNotices] = useState<Record<string, string>>({});
  // Loads run one after another, each seeing the variables the previous one assigned: two quick clicks must not
  // both take df1.
  const loadChain = useRef<Promise<void>>(Promise.resolve());
  const [loadStates, setLoadStates] = useState<Record<string, LoadState>>({});
  const { upsert, remove } = catalog;

  const uploads = useUploads({
    maxUploadBytes,
    folder: catalog.folder,
    onUploaded: useCallback(
      ({ dataset, notice }: { dataset: DatasetSummary; notice?: string }) => {
        upsert(dataset);
        if (notice) setNotices((previous) => ({ ...previous, [dataset.id]: notice }));
      },
      [upsert],
    ),
    existing: catalog.datasets,
  });

  const setLoadState = (ids: string[], state: LoadState | null) =>
    setLoadStates((previous) => {
      const next = { ...previous };
      for (const id of ids) {
        if (state) next[id] = state;
        else delete next[id];
      }
      return next;
    });

  const loadNow = async (ids: string[]) => {
    try {
      await loadIntoPython({
        ids,
        kernel: { mountFiles, getBindings },
        onProgress: ({ id, loaded: bytes, total }) => setLoadState([id], { kind: 'loading', percent: total > 0 ? Math.round((bytes / total) * 100) : 100 }),
      });
      setLoadState(ids, null);
    } catch (error) {
      setLoadState(ids, { kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const load = (ids: string[]) => {
    if (ids.length === 0) return;
    setLoadState(ids, { kind: 'loading', percent: 0 });
    loadChain.current = loadChain.current.then(() => loadNow(ids));
  };

  const rename = async (id: string, displayName: string) => {
    const result = readActionResult({ action: 'Renaming', schema: datasetActionResults.renameDataset, result: await renameDataset({ id, displayName }) });
    if (!result.ok) return result.message;
    upsert(result.dataset);
    return null;
  };

  const correct = async (id: string, readOptions: ReadOptions) => {
    const result = readActionResult({
      action: 'Saving the read options',
      schema: datasetActionResults.setReadOptions,
      result: await setReadOptions({ id, readOptions }),
    });
    if (!result.ok) return result.message;
    upsert(result.dataset);
    // A copy already in Python was read the old way; the Ask flow binds afresh, "Load" here must be asked for.
    if (getBindings().some((binding) => binding.datasetId === id)) {
      setNotices((previous) => ({ ...previous, [id]: 'Saved. Reload into Python to read it with the new options.' }));
    }
    return null;
  };

  const deleteRow = async (id: string) => {
    const result = readActionResult({ action: 'Deleting', schema: datasetActionResults.deleteDataset, result: await deleteDataset({ id }) });
    // Already gone elsewhere: the row should go too.
    if (!result.ok && result.code !== 'not_found') return result.message;
    remove(id);
    void forgetDatasetFiles({ id });
    onPinnedIdsChange(pinnedIds.filter((pinned) => pinned !== id));
    return null;
  };

  const togglePin = (id: string) => onPinnedIdsChange(pinnedIds.includes(id) ? pinnedIds.filter((pinned) => pinned !== id) : [...pinnedIds, id]);

  const empty = !catalog.loading && catalog.datasets.length === 0 && uploads.entries.length === 0;
  return (
    <div className="space-y-3" data-testid="files-panel">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">Data</h2>
        <button
          type="button"
          data-testid="load-pinned"
          disabled={pinnedIds.length === 0}
          onClick={() => load(pinnedIds)}
          className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50"
        >
          Load pinned into Python ({pinnedIds.length})
        </button>
      </div>
      <FileDropZone onFiles={uploads.addFiles} maxUploadBytes={maxUploadBytes} folder={catalog.folder} />
      <div className="flex gap-2 text-sm">
        <input
          type="search"
          data-testid="file-search"
          aria-label="Search datasets by name"
          placeholder="Search by name"
          value={catalog.query}
          onChange={(event) => catalog.setQuery(event.target.value)}
          className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1"
        />
        <input
          data-testid="file-folder"
          aria-label="Folder (filters the list; uploads go here)"
          placeholder="All folders"
          list="dataset-folders"
          value={catalog.folder}
          onChange={(event) => catalog.setFolder(event.target.value)}
          className="w-36 rounded border border-slate-300 px-2 py-1"
        />
        <datalist id="dataset-folders">
          {catalog.folders.map((folder) => (
            <option key={folder} value={folder} />
          ))}
        </datalist>
      </div>
      <ImportFromPrefix storageKind={storageKind} sharedPrefixes={sharedPrefixes} onImported={(datasets) => datasets.forEach(upsert)} />
      {catalog.error ? (
        <p role="alert" data-testid="catalog-error" className="text-xs text-rose-700">
          {catalog.error}
        </p>
      ) : null}
      <ul className="max-h-[70vh] space-y-2 overflow-auto" data-testid="file-list" aria-busy={catalog.loading}>
        {uploads.entries.map((entry) => (
          <UploadRow
            key={entry.key}
            entry={entry}
            onCancel={() => uploads.cancel(entry.key)}
            onRetry={() => uploads.retry(entry.key)}
            onDismiss={() => uploads.dismiss(entry.key)}
            onConfirm={() => uploads.confirm(entry.key)}
          />
        ))}
        {catalog.datasets.map((dataset) => (
          <DatasetRow
            key={dataset.id}
            dataset={dataset}
            pinned={pinnedIds.includes(dataset.id)}
            onTogglePin={() => togglePin(dataset.id)}
            loaded={loadedOf({ bindings, id: dataset.id })}
            loadState={loadStates[dataset.id]}
            onLoad={() => load([dataset.id])}
            onRename={(name) => rename(dataset.id, name)}
            onDelete={() => deleteRow(dataset.id)}
            onCorrect={(readOptions) => correct(dataset.id, readOptions)}
            notice={notices[dataset.id]}
          />
        ))}
      </ul>
      {empty ? (
        <p className="text-sm text-slate-500" data-testid="file-list-empty">
          {catalog.query || catalog.folder ? 'No dataset matches. Files you upload now go into this folder.' : 'No datasets yet: upload a file to start.'}
        </p>
      ) : null}
      {catalog.loading ? <p className="text-xs text-slate-500">Loading the catalog…</p> : null}
      {catalog.hasMore && !catalog.loading ? (
        <button type="button" data-testid="file-load-more" onClick={catalog.loadMore} className="text-xs text-sky-700 underline">
          Load more
        </button>
      ) : null}
    </div>
  );
}

/** The row's "In Python as dfN": the lowest variable the kernel binds to this dataset now, if any. */
function loadedOf({ bindings, id }: { bindings: readonly BoundDataset[]; id: string }): LoadedDataset | undefined {
  const bound = bindings.find((entry) => entry.datasetId === id);
  return bound ? { id, displayName: bound.displayName, name: bound.fileName, path: bound.path, variable: bound.variable, bytes: bound.bytes } : undefined;
}
