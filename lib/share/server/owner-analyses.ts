import 'server-only';
import { mapLimited } from '@/lib/files/server/dataset-records';
import type { StorageDriver } from '@/lib/storage/server';
import { isAnalysisId } from '../analysis-ids';
import { failAnalysis } from './analysis-errors';
import type { AnalysisRecord } from '../analysis-record';
import {
  analysisPrefix,
  deleteRecord,
  expiryFrom,
  indexEntryOf,
  ownerIndexKey,
  ownerPrefix,
  readIndexEntry,
  readRecord,
  toSummary,
  writeIndexEntry,
  writeRecord,
} from './analysis-store';
import type { AnalysisPage, AnalysisSummary } from '../analysis-types';

/**
 * What only the owner may do. Every call names the caller's owner hash (from their cookie, never from the request
 * body) and is refused with `forbidden` unless the record was saved under it.
 */

const READ_CONCURRENCY = 16;

type OwnerArgs = { storage: StorageDriver; ownerHash: string; id: string };

async function requireOwned({ storage, ownerHash, id }: OwnerArgs): Promise<AnalysisRecord> {
  if (!isAnalysisId(id)) failAnalysis({ code: 'invalid_input', message: 'That is not an analysis id.' });
  const record = await readRecord({ storage, id });
  if (!record) failAnalysis({ code: 'not_found', message: 'This analysis no longer exists (it may have been deleted).' });
  if (record.ownerHash !== ownerHash) {
    failAnalysis({ code: 'forbidden', message: 'Only the browser that saved this analysis can change it.' });
  }
  return record;
}

async function update({
  storage,
  ownerHash,
  id,
  now,
  change,
}: OwnerArgs & { now: Date; change: (record: AnalysisRecord) => Partial<AnalysisRecord> }): Promise<AnalysisSummary> {
  const record = await requireOwned({ storage, ownerHash, id });
  const updated: AnalysisRecord = { ...record, ...change(record), updatedAt: now.toISOString() };
  await writeRecord({ storage, record: updated });
  await writeIndexEntry({ storage, record: updated });
  return toSummary({ entry: indexEntryOf({ record: updated }), now });
}

/** "My analyses": the owner's index entries, one storage page at a time, newest first within the page. */
export async function listMyAnalyses({
  storage,
  ownerHash,
  cursor,
  now = new Date(),
}: {
  storage: StorageDriver;
  ownerHash: string;
  cursor?: string;
  now?: Date;
}): Promise<AnalysisPage> {
  const page = await storage.listObjects({ prefix: ownerPrefix({ ownerHash }), cursor });
  const entries = await mapLimited({ items: page.objects, limit: READ_CONCURRENCY, work: ({ key }) => readIndexEntry({ storage, key }) });
  const analyses = entries
    .filter((entry) => entry !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((entry) => toSummary({ entry, now }));
  return { analyses, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Turns the link off for good: the page, the embed, the figures and re-runs all stop at once. */
export async function revokeAnalysis({ now = new Date(), ...args }: OwnerArgs & { now?: Date }): Promise<AnalysisSummary> {
  return update({ ...args, now, change: () => ({ visibility: 'revoked' }) });
}

/** Days from now until the link stops working (null: never). Also revives an expired link. */
export async function setAnalysisExpiry({
  expiresInDays,
  now = new Date(),
  ...args
}: OwnerArgs & { expiresInDays: number | null; now?: Date }): Promise<AnalysisSummary> {
  if (expiresInDays !== null && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)) {
    failAnalysis({ code: 'invalid_input', message: 'An expiry is a whole number of days from 1 to 3650, or never.' });
  }
  return update({ ...args, now, change: () => ({ expiresAt: expiryFrom({ now, days: expiresInDays }) }) });
}

export async function setAllowRerun({ allowRerun, now = new Date(), ...args }: OwnerArgs & { allowRerun: boolean; now?: Date }): Promise<AnalysisSummary> {
  return update({ ...args, now, change: () => ({ allowRerun }) });
}

/**
 * Removes the record, its figures and the index entry. The record goes first so the link dies at once; a failure
 * half-way leaves at worst an index entry, which a second delete cleans up (the entry lives under the caller's own
 * owner prefix, so removing it needs no record).
 */
export async function deleteAnalysis({ storage, ownerHash, id }: OwnerArgs): Promise<void> {
  if (!isAnalysisId(id)) failAnalysis({ code: 'invalid_input', message: 'That is not an analysis id.' });
  const record = await readRecord({ storage, id });
  const indexKey = ownerIndexKey({ ownerHash, id });
  if (!record) {
    if (!(await readIndexEntry({ storage, key: indexKey }))) {
      failAnalysis({ code: 'not_found', message: 'This analysis no longer exists (it may have been deleted already).' });
    }
    await storage.deleteObject({ key: indexKey });
    return;
  }
  if (record.ownerHash !== ownerHash) {
    failAnalysis({ code: 'forbidden', message: 'Only the browser that saved this analysis can delete it.' });
  }
  await deleteRecord({ storage, id });
  await storage.deletePrefix({ prefix: analysisPrefix({ id }) });
  await storage.deleteObject({ key: indexKey });
}
