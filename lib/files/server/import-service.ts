import 'server-only';
import { createDatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { Viewer } from '@/lib/access/server/caller';
import type { ObjectInfo, StorageDriver } from '@/lib/storage/server';
import { importedDatasetId } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import { mapLimited, normalizeFolder, readMeta, toSummary, writeMeta } from './dataset-records';
import type { DatasetSummary, ImportOutcome } from '../dataset-types';
import { describeObject } from './register-service';
import { isInternalKey, sharedPrefixOf } from '@/lib/core/shared-prefixes';
import { extensionOf, isAcceptedExtension } from '../upload-rules';
import { shortText } from '@/lib/text/cut-text';

/**
 * "Import from storage prefix": objects that reached the bucket some other way (a pipeline, the AWS CLI) under an
 * operator-configured shared prefix (SHARED_PREFIXES) become read-only datasets every caller sees, without being
 * copied. Each gets `datasets/<id>/meta.json` (no owner) whose `key` points at the object where it is; the object
 * itself is never written, moved or deleted by the app. Nothing outside a shared prefix can be listed or imported,
 * and the app's own keys are never even named in the answer (shared-prefixes.ts).
 *
 * One call handles one listing page (≤ 1,000 objects) so a request stays bounded on a serverless host; the page
 * calls again with `nextCursor` until there is none.
 */

const SNIFF_CONCURRENCY = 8;

type ObjectOutcome =
  | { kind: 'imported'; dataset: DatasetSummary }
  | { kind: 'skipped'; key: string; reason: string }
  | { kind: 'failed'; key: string; message: string };

function folderOf({ key }: { key: string }): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : normalizeFolder({ folder: key.slice(0, slash) });
}

async function importObject({ storage, object, now }: { storage: StorageDriver; object: ObjectInfo; now: Date }): Promise<ObjectOutcome> {
  const { key, size } = object;
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  if (fileName === '') return { kind: 'skipped', key, reason: 'a folder marker, not a file' };
  const extension = extensionOf({ name: fileName });
  if (!isAcceptedExtension(extension)) {
    return { kind: 'skipped', key, reason: extension ? `.${extension} is not a supported data file` : 'no file extension' };
  }
  if (size === 0) return { kind: 'skipped', key, reason: 'empty (0 bytes)' };
  const id = await importedDatasetId({ key });
  if (await readMeta({ storage, id })) return { kind: 'skipped', key, reason: 'already imported' };

  const sniffed = await describeObject({ storage, key, fileName, size });
  if (!sniffed.ok) return { kind: 'failed', key, message: sniffed.message };
  // No owner: a shared dataset is read-only for every caller, the importer included.
  const meta = createDatasetMeta({ sniffed: sniffed.meta, id, key, folder: folderOf({ key }), source: 'import', now });
  await writeMeta({ storage, meta });
  return { kind: 'imported', dataset: toSummary({ meta, access: 'shared' }) };
}

export async function importFromPrefix({
  storage,
  viewer,
  prefix,
  cursor,
  limit,
  now = new Date(),
}: {
  storage: StorageDriver;
  viewer: Viewer;
  /** Must lie under one of viewer.sharedPrefixes ('' is refused: it would be the whole bucket). */
  prefix: string;
  cursor?: string;
  /** Objects per call; default and cap 1,000 (one listing page). */
  limit?: number;
  now?: Date;
}): Promise<ImportOutcome> {
  const shared = viewer.sharedPrefixes;
  if (shared.length === 0) {
    failDataset({ code: 'forbidden', message: 'Importing from storage is off: the operator has not configured any shared prefixes (SHARED_PREFIXES).' });
  }
  // Checked on the prefix itself, so a listing never starts anywhere else (an empty prefix would be the whole bucket).
  if (!sharedPrefixOf({ key: prefix, sharedPrefixes: shared })) {
    failDataset({
      code: 'forbidden',
      message: `Only shared prefixes can be imported, and “${shortText(prefix, 200)}” is not under one. Shared prefixes: ${shared.join(', ')}.`,
    });
  }
  const page = await storage.listObjects({ prefix, cursor, limit });
  const outcomes = await mapLimited({
    // Defense in depth: the app's own keys are dropped silently, never named in skipped/failed.
    items: page.objects.filter(({ key }) => !isInternalKey({ key }) && sharedPrefixOf({ key, sharedPrefixes: shared })),
    limit: SNIFF_CONCURRENCY,
    // One unreadable object (a key the storage layer refuses, a read that fails) must not sink the whole page.
    work: (object) =>
      importObject({ storage, object, now }).catch((error: unknown): ObjectOutcome => {
        const reason = error instanceof Error ? error.message : String(error);
        return { kind: 'failed', key: object.key, message: `“${object.key}” could not be imported (${reason}).` };
      }),
  });
  const result: ImportOutcome = { imported: [], skipped: [], failed: [] };
  for (const outcome of outcomes) {
    if (outcome.kind === 'imported') result.imported.push(outcome.dataset);
    else if (outcome.kind === 'skipped') result.skipped.push({ key: outcome.key, reason: outcome.reason });
    else result.failed.push({ key: outcome.key, message: outcome.message });
  }
  return page.nextCursor ? { ...result, nextCursor: page.nextCursor } : result;
}
