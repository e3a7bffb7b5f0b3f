import 'server-only';
import { datasetIdOfKey } from '../dataset-ids';
import { readMeta, readPendingUpload } from './dataset-records';
import type { StorageDriver } from '@/lib/storage/server';

/**
 * Single-use upload URLs for the local driver (app/api/storage/object PUT): a signed PUT is accepted only while its
 * dataset's upload is pending and before it is registered. After registration the file is what meta.json describes
 * (schema, row count, hash, share links that re-run it), so a second PUT with the same URL is refused with 409
 * instead of swapping the bytes underneath. A PUT for a cancelled or swept upload is refused the same way.
 * Returns the refusal message, or null when the PUT may proceed.
 */
export async function refuseSpentUpload({ storage, key }: { storage: StorageDriver; key: string }): Promise<string | null> {
  const id = datasetIdOfKey({ key });
  // The app signs PUTs only for dataset files; another key (the storage contract tests') is bound by its signature alone.
  if (!id) return null;
  const [meta, pending] = await Promise.all([readMeta({ storage, id }), readPendingUpload({ storage, id })]);
  if (meta) return 'This upload URL was already used: the file is registered, and registered files cannot be replaced. Upload it as a new dataset.';
  if (!pending || pending.key !== key) return 'No upload is waiting for this file (it was cancelled, expired or never planned). Start the upload again.';
  return null;
}
