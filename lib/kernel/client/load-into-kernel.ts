import { getDownloadUrls as getDownloadUrlsAction } from '@/lib/files/actions';
import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import { kernelFileName } from '@/lib/files/dataset-briefs';
import type { ClientMountFile } from '@/lib/kernel/kernel-types';
import type { MountedFile } from '@/workers/kernel-protocol';
import { readActionResult } from '@/lib/core/action-result';
import { datasetActionResults, type DatasetDownload, type LoadedDataset } from '@/lib/files/dataset-types';
import { downloadFailureText } from './disk-cache-protocol';
import { openDiskCache, type DiskCache } from './disk-cache';
import { DownloadRefusedError } from './disk-cache-download';
import { pickedFile } from '@/lib/files/client/local-files';

/**
 * The hand-off from the catalog to the kernel, used by the files panel ("Load into Python") and by the Ask flow:
 * short-lived URLs from the server, bytes fetched by the browser straight from storage (streamed, with progress,
 * abortable), then one mountFiles call that writes them under /data and binds df1..dfN.
 */

/** Pyodide's heap is 32-bit: a file copied into it can be at most this big (1 GiB). Files mounted from disk have no such limit. */
const MAX_LOAD_BYTES = 1024 * 1024 * 1024;

export interface LoadProgress {
  id: string;
  displayName: string;
  /** 0-based position among the datasets of this call. */
  index: number;
  count: number;
  loaded: number;
  /** Bytes expected (Content-Length, else the catalog size). */
  total: number;
}

export class DatasetLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetLoadError';
  }
}

export interface LoadDatasetsArgs {
  /**
   * In order: the first new dataset gets the lowest free dfN. `variable` binds a dataset to that variable whatever held
   * it before (the Ask flow's briefs and a re-run's saved bindings say which dfN the code expects).
   */
  datasets: ReadonlyArray<{ id: string; variable?: string }>;
  /** The kernel client's mountFiles; each file says which dataset it is, so the client knows what dfN is bound to. */
  mountFiles: (files: ClientMountFile[]) => Promise<MountedFile[]>;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /**
   * What the kernel binds now (the kernel client's getBindings, as `{ id, variable }`): a reloaded dataset keeps its
   * variable and new ones take the lowest free dfN. Omit it to number the datasets df1..dfN in the order given.
   */
  loaded?: ReadonlyArray<Pick<LoadedDataset, 'id' | 'variable'>>;
  /** Default: the getDownloadUrls server action. Its answer is parsed here (datasetActionResults), whatever its declared type. */
  getDownloadUrls?: (input: { ids: string[] }) => Promise<unknown>;
  /** Without a disk cache or a picked file, the largest file loaded into the kernel's memory. */
  maxBytes?: number;
  /** Default: the browser's (openDiskCache); null: none (tests, browsers without OPFS). */
  diskCache?: DiskCache | null;
}

function nextVariable({ taken }: { taken: Set<string> }): string {
  for (let n = 1; ; n += 1) if (!taken.has(`df${n}`)) return `df${n}`;
}

/** GET with a streamed reader, so progress is real and an abort stops the transfer at once. */
async function fetchBytes({
  download,
  signal,
  onChunk,
}: {
  download: DatasetDownload;
  signal?: AbortSignal;
  onChunk: (loaded: number, total: number) => void;
}): Promise<ArrayBuffer> {
  // Presigned URLs carry their own authorisation; cookies must not go to the bucket's origin.
  const response = await fetch(download.url, { signal, credentials: 'omit', cache: 'no-store' });
  if (!response.ok || !response.body) {
    throw new DatasetLoadError(`“${download.displayName}” could not be downloaded: ${await downloadFailureText({ response })}`);
  }
  const total = Number(response.headers.get('content-length')) || download.size;
  let buffer = new Uint8Array(total);
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > buffer.length) {
      // The object grew since it was catalogued: keep reading into a bigger buffer.
      const grown = new Uint8Array(Math.max(buffer.length * 2, received + value.length));
      grown.set(buffer.subarray(0, received));
      buffer = grown;
    }
    buffer.set(value, received);
    received += value.length;
    onChunk(received, Math.max(total, received));
  }
  return received === buffer.length ? buffer.buffer : buffer.slice(0, received).buffer;
}

/**
 * The bytes the kernel gets, cheapest first: the File the analyst picked in this tab, or the copy on disk in the
 * browser's cache (both mounted without a copy, any size); else a download to disk; else, where the browser has no
 * disk cache, a download into memory (at most `maxBytes`: the kernel's heap is 32-bit).
 */
async function fileData({
  download,
  signal,
  report,
  cache,
  maxBytes,
}: {
  download: DatasetDownload;
  signal?: AbortSignal;
  report: (loaded: number, total: number) => void;
  cache: DiskCache | null;
  maxBytes: number;
}): Promise<ArrayBuffer | Blob> {
  const onDisk = pickedFile({ id: download.id, size: download.size }) ?? (await cache?.get({ id: download.id, size: download.size }));
  if (onDisk) {
    report(download.size, download.size);
    return onDisk;
  }
  if (cache) {
    try {
      return await cache.store({ id: download.id, size: download.size, url: download.url, signal, onChunk: (loaded) => report(loaded, download.size) });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof DownloadRefusedError) throw new DatasetLoadError(`“${download.displayName}” could not be downloaded: ${error.message}`);
      // Disk full or a write refused: fall through to a download into memory, which still works for a file that fits.
    }
  }
  if (download.size > maxBytes) {
    throw new DatasetLoadError(
      `“${download.displayName}” is ${formatBytes({ bytes: download.size })}; at most ${formatBytes({ bytes: maxBytes })} can be loaded into Python in the browser.`,
    );
  }
  return fetchBytes({ download, signal, onChunk: report });
}

export async function loadDatasetsIntoKernel({
  datasets,
  mountFiles,
  onProgress,
  signal,
  loaded = [],
  getDownloadUrls = getDownloadUrlsAction,
  maxBytes = MAX_LOAD_BYTES,
  diskCache,
}: LoadDatasetsArgs): Promise<LoadedDataset[]> {
  const ids = [...new Set(datasets.map((dataset) => dataset.id))];
  if (ids.length === 0) return [];
  const result = await getDownloadUrls({ ids });
  const signed = readActionResult({ action: 'Preparing downloads', schema: datasetActionResults.getDownloadUrls, result });
  if (!signed.ok) throw new DatasetLoadError(signed.message);
  signal?.throwIfAborted();

  const wanted = new Map(datasets.flatMap((dataset) => (dataset.variable ? [[dataset.id, dataset.variable] as const] : [])));
  const claimed = new Set(wanted.values());
  // A dataset keeps its variable unless another dataset of this call claims that variable.
  const previous = new Map(loaded.filter((entry) => !claimed.has(entry.variable)).map((entry) => [entry.id, entry.variable]));
  const takenVariables = new Set([...loaded.map((entry) => entry.variable), ...claimed]);
  const plans = signed.downloads.map((download) => {
    // The same rule as the Ask prompts (lib/files/dataset-briefs.ts), so code written for a dataset finds its file.
    const name = kernelFileName({ meta: download });
    const variable = wanted.get(download.id) ?? previous.get(download.id) ?? nextVariable({ taken: takenVariables });
    takenVariables.add(variable);
    return { download, name, variable };
  });

  const cache = diskCache === undefined ? await openDiskCache() : diskCache;
  const files: ClientMountFile[] = [];
  for (const [index, { download, name, variable }] of plans.entries()) {
    const report = (bytes: number, total: number) =>
      onProgress?.({ id: download.id, displayName: download.displayName, index, count: plans.length, loaded: bytes, total });
    report(0, download.size);
    const data = await fileData({ download, signal, report, cache, maxBytes });
    files.push({
      name,
      data,
      binding: { variable, format: download.format, options: download.options },
      dataset: { id: download.id, displayName: download.displayName },
    });
  }
  signal?.throwIfAborted();
  const mounted = await mountFiles(files);
  return plans.map(({ download, name, variable }) => {
    const result = mounted.find((entry) => entry.name === name);
    return {
      id: download.id,
      displayName: download.displayName,
      name,
      path: result?.path ?? `/data/${name}`,
      variable: result?.variable ?? variable,
      bytes: result?.bytes ?? 0,
    };
  });
}
