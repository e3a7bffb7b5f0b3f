import 'server-only';
import type { DatasetMeta } from '@/lib/catalog/dataset-meta';
import { sanitizeDisplayName } from '@/lib/catalog/sanitize-name';
import type { StorageDriver } from '@/lib/storage';
import { bindingOptions } from './binding-options';
import { DATASETS_ROOT, datasetPrefix, isDatasetId, metaKey } from './dataset-ids';
import { failDataset } from './dataset-errors';
import { mapLimited, readMeta, readPendingUpload, requireMeta, toSummary, writeMeta } from './dataset-records';
import type { DatasetDownload, DatasetPage, DatasetSummary } from './dataset-types';

/**
 * The catalog is the set of `datasets/<id>/meta.json` records; there is no index to keep in step. Listing walks
 * the `datasets/` prefix with storage cursors, so it pages past any number of objects, and filters each page by
 * folder and name. Each dataset is two objects (data + meta), so a page of 1,000 objects holds ~500 datasets.
 */

const META_KEY = /^datasets\/([^/]+)\/meta\.json$/;
const READ_CONCURRENCY = 16;

/** Case- and width-insensitive, so "ＳＡＬＥＳ" finds "sales.csv". */
function searchable(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase();
}

export async function listDatasets({
  storage,
  folder,
  query,
  cursor,
  limit,
}: {
  storage: StorageDriver;
  /** Only datasets in this folder or below it ('sales/' matches 'sales/' and 'sales/2024/'). */
  folder?: string;
  /** Substring of the display name. */
  query?: string;
  cursor?: string;
  /** Storage objects per page; default and cap 1,000. */
  limit?: number;
}): Promise<DatasetPage> {
  const page = await storage.listObjects({ prefix: DATASETS_ROOT, cursor, limit });
  const ids = page.objects.flatMap(({ key }) => {
    const id = META_KEY.exec(key)?.[1];
    return id && isDatasetId(id) ? [id] : [];
  });
  const metas = (await mapLimited({ items: ids, limit: READ_CONCURRENCY, work: (id) => readMeta({ storage, id }) })).filter(
    (meta): meta is DatasetMeta => meta !== null,
  );
  const folders = [...new Set(metas.map((meta) => meta.folder))].sort();
  const needle = query ? searchable(query.trim()) : '';
  const datasets = metas
    .filter((meta) => !folder || meta.folder.startsWith(folder))
    .filter((meta) => needle === '' || searchable(meta.displayName).includes(needle))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((meta) => toSummary({ meta }));
  return { datasets, folders, scanned: page.objects.length, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function renameDataset({
  storage,
  id,
  displayName,
  now = new Date(),
}: {
  storage: StorageDriver;
  id: string;
  displayName: string;
  now?: Date;
}): Promise<DatasetSummary> {
  if (!/[\p{L}\p{N}]/u.test(displayName)) {
    failDataset({ code: 'invalid_input', message: 'A name needs at least one letter or digit.' });
  }
  const meta = await requireMeta({ storage, id });
  const renamed: DatasetMeta = { ...meta, displayName: sanitizeDisplayName({ name: displayName }), updatedAt: now.toISOString() };
  await writeMeta({ storage, meta: renamed });
  return toSummary({ meta: renamed });
}

/**
 * Removes a dataset from the catalog. meta.json goes first, so a failure half-way leaves at worst an unlisted
 * object, never a listed dataset whose file is gone. Uploaded files (under `datasets/<id>/`) are deleted with it;
 * an imported object lives outside that prefix and stays in the bucket.
 */
export async function deleteDataset({ storage, id }: { storage: StorageDriver; id: string }): Promise<void> {
  const prefix = datasetPrefix({ id });
  const [meta, pending] = await Promise.all([readMeta({ storage, id }), readPendingUpload({ storage, id })]);
  if (!meta && !pending) failDataset({ code: 'not_found', message: 'This dataset no longer exists (it may have been deleted already).' });
  await storage.deleteObject({ key: metaKey({ id }) });
  await storage.deletePrefix({ prefix });
}

/** How the kernel reads a dataset's file; browser-safe, in binding-options.ts (the workspace's exports use it too). */
export { bindingOptions };

/** Short-lived GET URLs (≤ DOWNLOAD_URL_EXPIRY_SECONDS) for the stored key of each dataset; ids only, never keys. */
export async function getDownloadUrls({ storage, ids }: { storage: StorageDriver; ids: string[] }): Promise<DatasetDownload[]> {
  const unique = [...new Set(ids)];
  return mapLimited({
    items: unique,
    limit: READ_CONCURRENCY,
    work: async (id) => {
      const meta = await requireMeta({ storage, id });
      const { url, expiresAt } = await storage.createDownloadUrl({ key: meta.key });
      return { id, displayName: meta.displayName, format: meta.format, size: meta.size, url, expiresAt, options: bindingOptions({ meta }) };
    },
  });
}
