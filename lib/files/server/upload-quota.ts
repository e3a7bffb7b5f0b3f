import 'server-only';
import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import type { Owner } from '@/lib/access/server/caller';
import type { StorageDriver } from '@/lib/storage/server';
import { DATASETS_ROOT, isDatasetId } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import { mapLimited, readMeta, readPendingUpload, type PendingUpload } from './dataset-records';
import { isStale, sweepStaleUploads } from './upload-sweep';

/**
 * The per-owner storage quota (MAX_OWNER_STORAGE_MB): bytes of the owner's uploaded datasets plus the sizes their
 * live pending uploads reserved. Shared-prefix imports belong to nobody and do not count. Computed from the records
 * themselves (a scan of `datasets/`), so there is no counter to drift out of step; the scan also sweeps the owner's
 * stale pending uploads, which would otherwise hold quota forever.
 */

const RECORD_KEY = /^datasets\/([^/]+)\/(meta|upload)\.json$/;
const READ_CONCURRENCY = 16;

export async function ownerUsageBytes({
  storage,
  owner,
  now,
  pendingMaxAgeMs,
}: {
  storage: StorageDriver;
  owner: Owner;
  now: Date;
  pendingMaxAgeMs: number;
}): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await storage.listObjects({ prefix: DATASETS_ROOT, cursor });
    const records = page.objects.flatMap(({ key }) => {
      const match = RECORD_KEY.exec(key);
      return match && isDatasetId(match[1]) ? [{ id: match[1], kind: match[2] as 'meta' | 'upload' }] : [];
    });
    const stale: PendingUpload[] = [];
    const sizes = await mapLimited({
      items: records,
      limit: READ_CONCURRENCY,
      work: async ({ id, kind }) => {
        if (kind === 'meta') {
          const meta = await readMeta({ storage, id });
          return meta?.ownerHash === owner.ownerHash && meta.source === 'upload' ? meta.size : 0;
        }
        const pending = await readPendingUpload({ storage, id });
        if (!pending || pending.ownerHash !== owner.ownerHash) return 0;
        if (isStale({ pending, now, maxAgeMs: pendingMaxAgeMs })) {
          stale.push(pending);
          return 0;
        }
        return pending.size;
      },
    });
    total += sizes.reduce((sum, size) => sum + size, 0);
    await sweepStaleUploads({ storage, pendings: stale, viewer: owner, now, maxAgeMs: pendingMaxAgeMs });
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

/** Refuses an upload of `size` bytes that would take the owner past `quotaBytes`, saying how much is left. */
export async function checkOwnerQuota({
  storage,
  owner,
  size,
  displayName,
  quotaBytes,
  now,
  pendingMaxAgeMs,
}: {
  storage: StorageDriver;
  owner: Owner;
  size: number;
  displayName: string;
  quotaBytes: number;
  now: Date;
  pendingMaxAgeMs: number;
}): Promise<void> {
  const used = await ownerUsageBytes({ storage, owner, now, pendingMaxAgeMs });
  if (used + size > quotaBytes) {
    const left = Math.max(0, quotaBytes - used);
    failDataset({
      code: 'quota_exceeded',
      message: `“${displayName}” (${formatBytes({ bytes: size })}) does not fit: your datasets use ${formatBytes({ bytes: used })} of the ${formatBytes({ bytes: quotaBytes })} each browser may store, so ${formatBytes({ bytes: left })} is left. Delete datasets you no longer need and upload again.`,
    });
  }
}
