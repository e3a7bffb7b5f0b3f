import 'server-only';
import { createDatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { sniffDataset, type SniffResult } from '@/lib/files/sniff/sniff';
import type { Viewer } from '@/lib/access/server/caller';
import type { StorageDriver } from '@/lib/storage/server';
import { withKeyLock } from '@/lib/storage/server/key-lock';
import { accessTo, isOwnPending } from './dataset-access';
import { datasetPrefix, pendingUploadKey } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import { readMeta, readPendingUpload, toSummary, writeMeta } from './dataset-records';
import type { DatasetSummary } from '../dataset-types';

/** Sniffs a stored object through ranged reads only: the head of a text file, the footer of a Parquet file. */
export function describeObject({
  storage,
  key,
  fileName,
  size,
}: {
  storage: StorageDriver;
  key: string;
  fileName: string;
  size: number;
}): Promise<SniffResult> {
  return sniffDataset({ fileName, size, readRange: (start, end) => storage.getRange({ key, start, end }) });
}

/** Sniff failures that say nothing about the file: keep the upload so registering can be tried again. */
const TRANSIENT_SNIFF_CODES = new Set(['read_failed', 'internal_error']);

/**
 * Registers an uploaded file: checks that it arrived whole, sniffs its head and writes `datasets/<id>/meta.json`.
 * Idempotent: a dataset that is already registered is returned as is.
 *
 * A file that cannot be read as a table is deleted with its upload record (the uploaded bytes cannot be analysed,
 * nothing refers to them, and the analyst still has the original); the refusal carries the sniffer's message.
 */
export async function registerUploadedDataset({
  storage,
  viewer,
  id,
  now = new Date(),
}: {
  storage: StorageDriver;
  /** Only the caller who planned the upload may register it; the dataset is theirs. */
  viewer: Viewer;
  id: string;
  now?: Date;
}): Promise<DatasetSummary> {
  const existing = await readMeta({ storage, id });
  if (existing && accessTo({ meta: existing, viewer }) === 'owner') return toSummary({ meta: existing, access: 'owner' });
  const pending = existing ? null : await readPendingUpload({ storage, id });
  if (!isOwnPending(pending, viewer)) failDataset({ code: 'not_found', message: 'No upload is waiting to be registered under this id.' });

  // Exclusive with the local driver's signed PUT of this key (lib/storage/server/key-lock.ts): a PUT still streaming when
  // registration starts lands before the file is read, or is refused with 409 after meta.json exists.
  const meta = await withKeyLock(pending.key, async () => {
    const info = await storage.headObject({ key: pending.key });
    if (!info) {
      failDataset({ code: 'upload_incomplete', message: `“${pending.displayName}” did not arrive in storage. Upload it again.` });
    }
    if (info.size !== pending.size) {
      await storage.deletePrefix({ prefix: datasetPrefix({ id }) });
      failDataset({
        code: 'upload_incomplete',
        message: `“${pending.displayName}” arrived with ${info.size} of ${pending.size} bytes and was discarded. Upload it again.`,
      });
    }

    const sniffed = await describeObject({ storage, key: pending.key, fileName: pending.displayName, size: info.size });
    if (!sniffed.ok) {
      if (TRANSIENT_SNIFF_CODES.has(sniffed.code)) failDataset({ code: 'storage', message: sniffed.message, retryable: true });
      await storage.deletePrefix({ prefix: datasetPrefix({ id }) });
      failDataset({ code: 'unreadable', message: sniffed.message });
    }
    const meta = createDatasetMeta({
      sniffed: sniffed.meta,
      id,
      key: pending.key,
      folder: pending.folder,
      source: 'upload',
      ownerHash: pending.ownerHash,
      etag: info.etag,
      now,
    });
    // Once meta.json exists the local driver refuses any further PUT to this dataset's key (single-use upload URLs).
    await writeMeta({ storage, meta });
    // Another process serving the same DATA_DIR is not held by this lock: a file that changed while it was read would
    // leave a record describing other bytes, so both are dropped.
    const after = await storage.headObject({ key: pending.key });
    if (!after || after.size !== info.size || after.etag !== info.etag || after.lastModified.getTime() !== info.lastModified.getTime()) {
      await storage.deletePrefix({ prefix: datasetPrefix({ id }) });
      failDataset({ code: 'upload_incomplete', message: `“${pending.displayName}” changed while it was being registered and was discarded. Upload it again.` });
    }
    return meta;
  });
  // meta.json now answers for the dataset; a leftover upload record would only be noise.
  await storage.deleteObject({ key: pendingUploadKey({ id }) });
  return toSummary({ meta, access: 'owner' });
}
