import 'server-only';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { Viewer } from '@/lib/access/server/caller';
import { failDataset } from './dataset-errors';
import type { PendingUpload } from './dataset-records';
import { sharedPrefixOf } from '@/lib/core/shared-prefixes';

/**
 * Who may do what with a dataset, decided from the stored record and the caller (lib/access/server/caller.ts), never from
 * the request:
 * - an uploaded dataset belongs to the owner id in its meta.json: only they list, load, rename or delete it;
 * - a shared-prefix import (no owner) is readable by every caller while its key is under a configured SHARED_PREFIXES
 *   entry, and changed by nobody through the app;
 * - a record with neither (written before ownership existed) is visible to nobody and cannot be claimed: nothing in it
 *   says whose it was, and guessing would hand one browser's data to another.
 * A dataset the caller may not read is answered exactly like a missing one, so ids cannot be probed for existence.
 */

export type DatasetAccess = 'owner' | 'shared';

const NOT_FOUND = 'This dataset no longer exists (it may have been deleted).';

/** 'owner', 'shared' (read-only), or null when the caller may not even see it. */
export function accessTo({ meta, viewer }: { meta: DatasetMeta; viewer: Viewer }): DatasetAccess | null {
  if (meta.ownerHash) return viewer.ownerHash !== null && viewer.ownerHash === meta.ownerHash ? 'owner' : null;
  if (meta.source === 'import' && sharedPrefixOf({ key: meta.key, sharedPrefixes: viewer.sharedPrefixes })) return 'shared';
  return null;
}

export function requireReadable({ meta, viewer }: { meta: DatasetMeta | null; viewer: Viewer }): DatasetMeta & { access: DatasetAccess } {
  const access = meta ? accessTo({ meta, viewer }) : null;
  if (!meta || !access) failDataset({ code: 'not_found', message: NOT_FOUND });
  return { ...meta, access };
}

/** The caller's own dataset; a shared one is refused as read-only (it is visible, so saying so leaks nothing). */
export function requireOwned({ meta, viewer, action }: { meta: DatasetMeta | null; viewer: Viewer; action: string }): DatasetMeta {
  const readable = requireReadable({ meta, viewer });
  if (readable.access !== 'owner') {
    failDataset({
      code: 'forbidden',
      message: `${action} refused: “${readable.displayName}” is a shared dataset from ${readable.key.slice(0, readable.key.lastIndexOf('/') + 1) || 'the shared storage'}; shared datasets are read-only for everyone.`,
    });
  }
  return readable;
}

/** A pending upload of the caller's; another owner's (or an ownerless legacy one) looks absent. */
export function isOwnPending(pending: PendingUpload | null, viewer: Viewer): pending is PendingUpload {
  return pending !== null && pending.ownerHash !== undefined && viewer.ownerHash !== null && pending.ownerHash === viewer.ownerHash;
}
