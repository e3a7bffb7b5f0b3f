import 'server-only';
import { safeFileName, sanitizeDisplayName } from '@/lib/files/sniff/sanitize-name';
import type { Owner, Viewer } from '@/lib/access/server/caller';
import type { CompletedPart, StorageDriver } from '@/lib/storage/server';
import { hasControlCharacters, hasInvisibleCharacters } from '@/lib/text/invisible-characters';
import { isOwnPending } from './dataset-access';
import { dataKey, datasetPrefix, newDatasetId } from '../dataset-ids';
import { failDataset } from './dataset-errors';
import { normalizeFolder, readMeta, readPendingUpload, writePendingUpload } from './dataset-records';
import type { UploadTicket } from '../dataset-types';
import { checkOwnerQuota } from './upload-quota';
import { checkUploadFile, contentTypeFor, extensionOf, isAcceptedExtension } from '../upload-rules';

/**
 * Planning and finishing browser uploads. The browser only ever names a dataset by its id; the key, the size and
 * the multipart upload id it may use are kept server-side in `datasets/<id>/upload.json` until registration, so
 * a client cannot point complete/abort/register at an object of its choosing. The record names its owner: another
 * caller's complete/abort/register is answered as if there were no upload.
 */

const RESERVED_FILE_NAMES = new Set(['meta.json', 'upload.json']);

/** Says what was removed from a name, so a renamed upload is not a surprise. */
function renameNotice({ original, displayName }: { original: string; displayName: string }): string | undefined {
  if (original.normalize('NFC').trim() === displayName) return undefined;
  const reasons: string[] = [];
  if (/[/\\]/.test(original)) reasons.push('folder parts (“/”, “..”)');
  if (hasControlCharacters(original)) reasons.push('line breaks or control characters');
  if (hasInvisibleCharacters(original)) reasons.push('invisible or text-direction characters');
  const why = reasons.length > 0 ? `its name contained ${reasons.join(', ')}` : 'its name was tidied';
  return `Saved as “${displayName}”: ${why}, which are removed from file names.`;
}

export async function createDatasetUpload({
  storage,
  owner,
  fileName,
  size,
  folder = '',
  maxUploadBytes,
  quotaBytes = Number.POSITIVE_INFINITY,
  pendingMaxAgeMs = 3_600_000,
  now = new Date(),
}: {
  storage: StorageDriver;
  /** The caller, who will own the dataset. */
  owner: Owner;
  fileName: string;
  size: number;
  folder?: string;
  maxUploadBytes: number;
  /** MAX_OWNER_STORAGE_MB in bytes. */
  quotaBytes?: number;
  /** UPLOAD_URL_EXPIRY_SECONDS in ms: older pending uploads are swept and no longer count. */
  pendingMaxAgeMs?: number;
  now?: Date;
}): Promise<UploadTicket> {
  const displayName = sanitizeDisplayName({ name: fileName });
  const refusal = checkUploadFile({ name: displayName, size, maxUploadBytes });
  if (refusal) failDataset(refusal);
  const extension = extensionOf({ name: displayName });
  if (!isAcceptedExtension(extension)) failDataset({ code: 'unsupported_type', message: `“${displayName}” is not a supported file type.` });
  if (Number.isFinite(quotaBytes)) await checkOwnerQuota({ storage, owner, size, displayName, quotaBytes, now, pendingMaxAgeMs });

  const safe = safeFileName({ name: displayName });
  const storedName = RESERVED_FILE_NAMES.has(safe) ? `data-${safe}` : safe;
  const id = newDatasetId();
  const key = dataKey({ id, fileName: storedName });
  const contentType = contentTypeFor({ extension });
  const plan = await storage.createUpload({ key, contentType, contentLength: size });
  try {
    await writePendingUpload({
      storage,
      pending: {
        id,
        fileName: storedName,
        key,
        displayName,
        folder: normalizeFolder({ folder }),
        size,
        contentType,
        uploadId: plan.kind === 'multipart' ? plan.uploadId : undefined,
        ownerHash: owner.ownerHash,
        createdAt: now.toISOString(),
      },
    });
  } catch (error) {
    // Without its record the planned upload could never be completed or cleaned up: free it now.
    if (plan.kind === 'multipart') await storage.abortUpload({ key, uploadId: plan.uploadId }).catch(() => undefined);
    throw error;
  }
  const notice = renameNotice({ original: fileName, displayName });
  return { id, displayName, plan, ...(notice ? { notice } : {}) };
}

async function requirePending({ storage, viewer, id }: { storage: StorageDriver; viewer: Viewer; id: string }) {
  const pending = await readPendingUpload({ storage, id });
  if (!isOwnPending(pending, viewer))
    failDataset({ code: 'not_found', message: 'No upload is waiting under this id (it finished, was cancelled or never started).' });
  return pending;
}

export async function completeDatasetUpload({
  storage,
  viewer,
  id,
  uploadId,
  parts,
}: {
  storage: StorageDriver;
  viewer: Viewer;
  id: string;
  uploadId: string;
  parts: CompletedPart[];
}): Promise<void> {
  const pending = await requirePending({ storage, viewer, id });
  if (!pending.uploadId || pending.uploadId !== uploadId) {
    failDataset({ code: 'invalid_input', message: 'This upload id does not belong to this dataset.' });
  }
  await storage.completeUpload({ key: pending.key, uploadId, parts });
}

/**
 * Cancels an upload that is not registered yet: frees its multipart upload (the one recorded for this id) and
 * removes everything under `datasets/<id>/`. A registered dataset is refused, so a stale or hostile cancel cannot
 * delete data; deleting goes through deleteDataset and its confirmation. Only the upload's own owner may cancel it.
 */
export async function abortDatasetUpload({ storage, viewer, id }: { storage: StorageDriver; viewer: Viewer; id: string }): Promise<void> {
  const prefix = datasetPrefix({ id });
  const [meta, pending] = await Promise.all([readMeta({ storage, id }), readPendingUpload({ storage, id })]);
  if (meta && meta.ownerHash !== undefined && meta.ownerHash === viewer.ownerHash) {
    failDataset({ code: 'invalid_input', message: 'This dataset is already registered; delete it from the catalog instead.' });
  }
  if (meta || !isOwnPending(pending, viewer)) {
    failDataset({ code: 'not_found', message: 'No upload is waiting under this id (it finished, was cancelled or never started).' });
  }
  // The multipart upload id comes from the server's own record, never from the request.
  if (pending?.uploadId) {
    // Best effort: a cancel must not fail because the service kept the parts (s3rver has no abort at all). Parts
    // that survive are invisible and are removed by the bucket's AbortIncompleteMultipartUpload lifecycle rule.
    await storage.abortUpload({ key: pending.key, uploadId: pending.uploadId }).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`Could not abort multipart upload ${pending.uploadId} of ${pending.key}: ${reason}`);
    });
  }
  await storage.deletePrefix({ prefix });
}
