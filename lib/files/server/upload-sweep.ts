import 'server-only';
import type { Viewer } from '@/lib/access/server/caller';
import type { StorageDriver } from '@/lib/storage/server';
import { datasetPrefix, pendingUploadKey } from '../dataset-ids';
import { readMeta, type PendingUpload } from './dataset-records';

/**
 * Pending uploads that never complete (a closed tab, a failed network) would keep their bytes, their multipart parts
 * and their share of the owner's quota forever. They are swept when their owner next lists or registers, once older
 * than the upload URL's lifetime (after which nobody can send bytes with it). Ownerless legacy records cannot be
 * completed by anyone, so any caller's sweep removes them once stale. Another owner's pending uploads are left alone:
 * they may still be uploading.
 */

export function isStale({ pending, now, maxAgeMs }: { pending: PendingUpload; now: Date; maxAgeMs: number }): boolean {
  return now.getTime() - Date.parse(pending.createdAt) > maxAgeMs;
}

export async function sweepStaleUploads({
  storage,
  pendings,
  viewer,
  now,
  maxAgeMs,
}: {
  storage: StorageDriver;
  pendings: PendingUpload[];
  viewer: Viewer;
  now: Date;
  /** UPLOAD_URL_EXPIRY_SECONDS in ms. */
  maxAgeMs: number;
}): Promise<string[]> {
  const sweepable = pendings.filter(
    (pending) => (pending.ownerHash === undefined || pending.ownerHash === viewer.ownerHash) && isStale({ pending, now, maxAgeMs }),
  );
  const swept: string[] = [];
  for (const pending of sweepable) {
    try {
      if (await readMeta({ storage, id: pending.id })) {
        // Registered after all: only the leftover record goes, never the dataset.
        await storage.deleteObject({ key: pendingUploadKey({ id: pending.id }) });
        continue;
      }
      if (pending.uploadId) await storage.abortUpload({ key: pending.key, uploadId: pending.uploadId }).catch(() => undefined);
      await storage.deletePrefix({ prefix: datasetPrefix({ id: pending.id }) });
      swept.push(pending.id);
    } catch (error) {
      // A sweep is housekeeping: it must never fail the listing or registration that triggered it.
      console.warn(`Could not sweep the stale upload ${pending.id}`, error);
    }
  }
  return swept;
}
