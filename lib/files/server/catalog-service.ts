import 'server-only';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { sanitizeDisplayName } from '@/lib/files/sniff/sanitize-name';
import type { Viewer } from '@/lib/access/server/caller';
import type { StorageDriver } from '@/lib/storage/server';
import { bindingOptions } from '../binding-options';
import { accessTo, isOwnPending, requireOwned, requireReadable } from './dataset-access';
import { DATASETS_ROOT, datasetPrefix, isDatasetId, metaKey } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import { mapLimited, readMeta, readPendingUpload, toSummary, writeMeta, type PendingUpload } from './dataset-records';
import type { DatasetDownload, DatasetPage, DatasetSummary } from '../dataset-types';
import { sweepStaleUploads } from './upload-sweep';

/**
 * The catalog is the set of `datasets/<id>/meta.json` records; there is no index to keep in step. Listing walks
 * the `datasets/` prefix with storage cursors, so it pages past any number of objects, and filters each page by
 * folder and name. Each dataset is two objects (data + meta), so a page of 1,000 objects holds ~500 datasets.
 * Every record is filtered by what the caller may see (dataset-access.ts): their own uploads and shared-prefix
 * imports. The scan reads every owner's records to find the caller's; fine for one analyst's folder or a team bucket
 * of thousands of files, and the place an owner index goes when the sign-in modes bring a database.
 */

const META_KEY = /^datasets\/([^/]+)\/meta\.json$/;
const PENDING_KEY = /^datasets\/([^/]+)\/upload\.json$/;
const READ_CONCURRENCY = 16;

/** Case- and width-insensitive, so "ＳＡＬＥＳ" finds "sales.csv". */
function searchable(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase();
}

function idsMatching({ keys, pattern }: { keys: string[]; pattern: RegExp }): string[] {
  return keys.flatMap((key) => {
    const id = pattern.exec(key)?.[1];
    return id && isDatasetId(id) ? [id] : [];
  });
}

export async function listDatasets({
  storage,
  viewer,
  folder,
  query,
  cursor,
  limit,
  now = new Date(),
  pendingMaxAgeMs,
}: {
  storage: StorageDriver;
  viewer: Viewer;
  /** Only datasets in this folder or below it ('sales/' matches 'sales/' and 'sales/2024/'). */
  folder?: string;
  /** Substring of the display name. */
  query?: string;
  cursor?: string;
  /** Storage objects per page; default and cap 1,000. */
  limit?: number;
  now?: Date;
  /** Pending uploads of this caller older than this are swept (UPLOAD_URL_EXPIRY_SECONDS); absent: no sweep. */
  pendingMaxAgeMs?: number;
}): Promise<DatasetPage> {
  const page = await storage.listObjects({ prefix: DATASETS_ROOT, cursor, limit });
  const keys = page.objects.map(({ key }) => key);
  const read = await mapLimited({
    items: idsMatching({ keys, pattern: META_KEY }),
    limit: READ_CONCURRENCY,
    work: async (id) => {
      const meta = await readMeta({ storage, id });
      const access = meta ? accessTo({ meta, viewer }) : null;
      return meta && access ? { meta, access } : null;
    },
  });
  const visible = read.filter((entry) => entry !== null);
  const metas = visible.map(({ meta }) => meta);
  const accessOf = new Map(visible.map(({ meta, access }) => [meta.id, access]));
  if (pendingMaxAgeMs !== undefined) {
    const pendings = await mapLimited({
      items: idsMatching({ keys, pattern: PENDING_KEY }),
      limit: READ_CONCURRENCY,
      work: (id) => readPendingUpload({ storage, id }),
    });
    await sweepStaleUploads({
      storage,
      pendings: pendings.filter((pending): pending is PendingUpload => pending !== null),
      viewer,
      now,
      maxAgeMs: pendingMaxAgeMs,
    });
  }
  const folders = [...new Set(metas.map((meta) => meta.folder))].sort();
  const needle = query ? searchable(query.trim()) : '';
  const datasets = metas
    .filter((meta) => !folder || meta.folder.startsWith(folder))
    .filter((meta) => needle === '' || searchable(meta.displayName).includes(needle))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((meta) => toSummary({ meta, access: accessOf.get(meta.id) ?? 'shared' }));
  return { datasets, folders, scanned: page.objects.length, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function renameDataset({
  storage,
  viewer,
  id,
  displayName,
  now = new Date(),
}: {
  storage: StorageDriver;
  viewer: Viewer;
  id: string;
  displayName: string;
  now?: Date;
}): Promise<DatasetSummary> {
  if (!/[\p{L}\p{N}]/u.test(displayName)) {
    failDataset({ code: 'invalid_input', message: 'A name needs at least one letter or digit.' });
  }
  const meta = requireOwned({ meta: await readMeta({ storage, id }), viewer, action: 'Renaming' });
  const renamed: DatasetMeta = { ...meta, displayName: sanitizeDisplayName({ name: displayName }), updatedAt: now.toISOString() };
  await writeMeta({ storage, meta: renamed });
  return toSummary({ meta: renamed, access: 'owner' });
}

/**
 * Removes a dataset from the catalog. meta.json goes first, so a failure half-way leaves at worst an unlisted
 * object, never a listed dataset whose file is gone. Uploaded files (under `datasets/<id>/`) are deleted with it;
 * a shared import is read-only for everyone and is refused. A pending upload of the caller's own can be deleted too.
 */
export async function deleteDataset({ storage, viewer, id }: { storage: StorageDriver; viewer: Viewer; id: string }): Promise<void> {
  const prefix = datasetPrefix({ id });
  const [meta, pending] = await Promise.all([readMeta({ storage, id }), readPendingUpload({ storage, id })]);
  if (meta) requireOwned({ meta, viewer, action: 'Deleting' });
  else if (!isOwnPending(pending, viewer)) failDataset({ code: 'not_found', message: 'This dataset no longer exists (it may have been deleted already).' });
  await storage.deleteObject({ key: metaKey({ id }) });
  await storage.deletePrefix({ prefix });
}

/**
 * Short-lived GET URLs (≤ DOWNLOAD_URL_EXPIRY_SECONDS) for the stored key of each dataset the caller may read; ids
 * only, never keys. One unreadable id refuses the whole call (as not_found), before any URL is signed.
 */
export async function getDownloadUrls({ storage, viewer, ids }: { storage: StorageDriver; viewer: Viewer; ids: string[] }): Promise<DatasetDownload[]> {
  const metas = await mapLimited({
    items: [...new Set(ids)],
    limit: READ_CONCURRENCY,
    work: async (id) => requireReadable({ meta: await readMeta({ storage, id }), viewer }),
  });
  return signDownloads({ storage, metas });
}

/**
 * A presigned S3 PUT cannot be revoked, so a file could be replaced after registration under its recorded schema,
 * hash and share links. The ETag recorded at registration is compared before every download is signed.
 */
async function requireUnchanged({ storage, meta, etag }: { storage: StorageDriver; meta: DatasetMeta; etag: string }): Promise<void> {
  const info = await storage.headObject({ key: meta.key });
  if (!info) failDataset({ code: 'not_found', message: `The file of “${meta.displayName}” is no longer in storage.` });
  if (info.etag !== undefined && info.etag !== etag) {
    failDataset({
      code: 'unreadable',
      message: `“${meta.displayName}” was replaced in storage after it was registered, so its recorded schema no longer describes it; it is not loaded. Delete it and upload the file again.`,
    });
  }
}

/**
 * Signs GETs for records whose access the caller already settled (getDownloadUrls above, or a share link's re-run,
 * which may hand out only the datasets its record names: lib/share/server/shared-analysis.ts).
 */
export async function signDownloads({ storage, metas }: { storage: StorageDriver; metas: DatasetMeta[] }): Promise<DatasetDownload[]> {
  return mapLimited({
    items: metas,
    limit: READ_CONCURRENCY,
    work: async (meta) => {
      if (meta.etag) await requireUnchanged({ storage, meta, etag: meta.etag });
      const { url, expiresAt } = await storage.createDownloadUrl({ key: meta.key });
      return { id: meta.id, displayName: meta.displayName, format: meta.format, size: meta.size, url, expiresAt, options: bindingOptions({ meta }) };
    },
  });
}
