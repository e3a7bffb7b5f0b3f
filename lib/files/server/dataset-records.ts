import 'server-only';
import { z } from 'zod';
import { datasetMetaSchema, type DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { sanitizeDisplayName } from '@/lib/files/sniff/sanitize-name';
import type { StorageDriver } from '@/lib/storage/server';
import { readJsonObject, writeJsonObject } from '@/lib/storage/server/json-object';
import { uploadIdSchema } from '@/lib/storage/upload-id';
import { datasetIdSchema, metaKey, pendingUploadKey } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import type { DatasetSummary } from '../dataset-types';

/** The two JSON records the catalog keeps per dataset, read and written through zod so storage never holds junk. */

/** Written by createUpload, read by complete/abort/register: the server's own memory of what it planned. */
export const pendingUploadSchema = z.object({
  id: datasetIdSchema,
  /** The safe file name the key ends with. */
  fileName: z.string(),
  key: z.string(),
  displayName: z.string(),
  folder: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
  /** Multipart uploads only: the one upload id complete/abort accept for this dataset. */
  uploadId: uploadIdSchema.optional(),
  /** Owner id of the caller who planned it; only they may complete, abort or register it. Absent on legacy records. */
  ownerHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  createdAt: z.iso.datetime(),
});
export type PendingUpload = z.infer<typeof pendingUploadSchema>;

/** Columns a listing carries per dataset; a 10,000-column meta stays whole in storage but is not sent in full. */
const SUMMARY_COLUMNS = 200;

/** The stored meta, or null when there is none. A record that fails the schema is reported and treated as absent. */
export async function readMeta({ storage, id }: { storage: StorageDriver; id: string }): Promise<DatasetMeta | null> {
  return readJsonObject({
    storage,
    key: metaKey({ id }),
    schema: datasetMetaSchema,
    accept: (meta) => meta.id === id,
    warnIfInvalid: `datasets/${id}/meta.json is not a valid dataset record; it is ignored`,
  });
}

export async function writeMeta({ storage, meta }: { storage: StorageDriver; meta: DatasetMeta }): Promise<void> {
  const checked = datasetMetaSchema.parse(meta);
  await writeJsonObject({ storage, key: metaKey({ id: checked.id }), value: checked });
}

export async function readPendingUpload({ storage, id }: { storage: StorageDriver; id: string }): Promise<PendingUpload | null> {
  return readJsonObject({ storage, key: pendingUploadKey({ id }), schema: pendingUploadSchema, accept: (pending) => pending.id === id });
}

export async function writePendingUpload({ storage, pending }: { storage: StorageDriver; pending: PendingUpload }): Promise<void> {
  await writeJsonObject({ storage, key: pendingUploadKey({ id: pending.id }), value: pendingUploadSchema.parse(pending) });
}

/** What the page sees of a record the caller may read: never the owner id. */
export function toSummary({ meta, access }: { meta: DatasetMeta; access: DatasetSummary['access'] }): DatasetSummary {
  const { ownerHash: _ownerHash, ...rest } = meta;
  const columns = meta.columns.length > SUMMARY_COLUMNS ? meta.columns.slice(0, SUMMARY_COLUMNS) : meta.columns;
  return { ...rest, columns, access };
}

const MAX_FOLDER_DEPTH = 8;
const MAX_SEGMENT_CHARS = 64;

/**
 * A folder label as stored: segments cleaned like display names (no control or bidi characters, no '..'), joined
 * with '/' and ending in '/'; '' is the top level. Segments with no letter or digit are dropped.
 */
export function normalizeFolder({ folder }: { folder: string }): string {
  const segments = folder
    .split(/[/\\]+/)
    .filter((segment) => /[\p{L}\p{N}]/u.test(segment))
    .map((segment) =>
      Array.from(sanitizeDisplayName({ name: segment }))
        .slice(0, MAX_SEGMENT_CHARS)
        .join('')
        .trim(),
    );
  if (segments.length > MAX_FOLDER_DEPTH) {
    failDataset({ code: 'invalid_input', message: `Folders can be at most ${MAX_FOLDER_DEPTH} levels deep.` });
  }
  return segments.length === 0 ? '' : `${segments.join('/')}/`;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping order (storage reads for a listing page). */
export async function mapLimited<T, R>({ items, limit, work }: { items: T[]; limit: number; work: (item: T) => Promise<R> }): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
