import 'server-only';
import { z } from 'zod';
import type { StorageDriver } from '@/lib/storage/server';
import { readJsonObject, writeJsonObject } from '@/lib/storage/server/json-object';
import { analysisUrls, chartImageFileName, figureFileName, isAnalysisId } from '../analysis-ids';
import { analysisRecordSchema, type AnalysisRecord } from '../analysis-record';
import type { AnalysisStatus, AnalysisSummary } from '../analysis-types';
import { forgetRecord } from './record-cache';

/**
 * Where an analysis lives in storage, and the zod-checked reads and writes of its two JSON objects:
 * - `analyses/<id>.json`: the record (the truth);
 * - `analyses/<id>/figures/<turn>-<attempt>-<n>.png`: its figures;
 * - `owners/<ownerHash>/<id>`: a tiny index entry, so "My analyses" is one prefix listing, not a scan of all records.
 * The index is a copy of a few record fields, rewritten by every owner action; when the two disagree the record wins.
 */

export const ANALYSES_ROOT = 'analyses/';
const OWNERS_ROOT = 'owners/';
const OWNER_HASH = /^[0-9a-f]{64}$/;

function checkId({ id }: { id: string }): void {
  // Ids reach here only after validation; a bad one is a bug, never something to turn into a key.
  if (!isAnalysisId(id)) throw new Error(`Not an analysis id: ${JSON.stringify(id).slice(0, 40)}`);
}

function checkOwnerHash({ ownerHash }: { ownerHash: string }): void {
  if (!OWNER_HASH.test(ownerHash)) throw new Error('Not an owner hash');
}

export function recordKey({ id }: { id: string }): string {
  checkId({ id });
  return `${ANALYSES_ROOT}${id}.json`;
}

/** Everything but the record itself (`analyses/<id>/`); never matches another id's objects. */
export function analysisPrefix({ id }: { id: string }): string {
  checkId({ id });
  return `${ANALYSES_ROOT}${id}/`;
}

export function figureKey({ id, turn, attempt, index }: { id: string; turn: number; attempt: number; index: number }): string {
  return `${analysisPrefix({ id })}figures/${figureFileName({ turn, attempt, index })}`;
}

export function chartImageKey({ id, turn, attempt }: { id: string; turn: number; attempt: number }): string {
  return `${analysisPrefix({ id })}figures/${chartImageFileName({ turn, attempt })}`;
}

export function ownerPrefix({ ownerHash }: { ownerHash: string }): string {
  checkOwnerHash({ ownerHash });
  return `${OWNERS_ROOT}${ownerHash}/`;
}

export function ownerIndexKey({ ownerHash, id }: { ownerHash: string; id: string }): string {
  checkId({ id });
  return `${ownerPrefix({ ownerHash })}${id}`;
}

/** The stored record, or null when absent. A record that fails the schema is logged and treated as absent. */
export async function readRecord({ storage, id }: { storage: StorageDriver; id: string }): Promise<AnalysisRecord | null> {
  return readJsonObject({
    storage,
    key: recordKey({ id }),
    schema: analysisRecordSchema,
    accept: (record) => record.id === id,
    warnIfInvalid: `analyses/${id}.json is not a valid analysis record; it is treated as absent`,
  });
}

export async function writeRecord({ storage, record }: { storage: StorageDriver; record: AnalysisRecord }): Promise<void> {
  const checked = analysisRecordSchema.parse(record);
  forgetRecord({ id: checked.id });
  await writeJsonObject({ storage, key: recordKey({ id: checked.id }), value: checked });
  forgetRecord({ id: checked.id });
}

/** Deletes the record object; the cached copy goes with it. */
export async function deleteRecord({ storage, id }: { storage: StorageDriver; id: string }): Promise<void> {
  forgetRecord({ id });
  await storage.deleteObject({ key: recordKey({ id }) });
  forgetRecord({ id });
}

export const ownerIndexEntrySchema = z.object({
  id: z.string(),
  title: z.string().max(300),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  visibility: z.enum(['link', 'revoked']),
  allowRerun: z.boolean(),
  questionCount: z.number().int().min(0),
});
export type OwnerIndexEntry = z.infer<typeof ownerIndexEntrySchema>;

export function indexEntryOf({ record }: { record: AnalysisRecord }): OwnerIndexEntry {
  const { id, title, createdAt, updatedAt, expiresAt, visibility, allowRerun } = record;
  return { id, title, createdAt, updatedAt, expiresAt, visibility, allowRerun, questionCount: record.turns.length };
}

export async function writeIndexEntry({ storage, record }: { storage: StorageDriver; record: AnalysisRecord }): Promise<void> {
  await writeJsonObject({ storage, key: ownerIndexKey({ ownerHash: record.ownerHash, id: record.id }), value: indexEntryOf({ record }) });
}

export async function readIndexEntry({ storage, key }: { storage: StorageDriver; key: string }): Promise<OwnerIndexEntry | null> {
  return readJsonObject({ storage, key, schema: ownerIndexEntrySchema, accept: (entry) => key.endsWith(`/${entry.id}`) });
}

/** Whether a link works at `now`. */
export function statusOf({ record, now }: { record: Pick<AnalysisRecord, 'visibility' | 'expiresAt'>; now: Date }): AnalysisStatus {
  if (record.visibility === 'revoked') return 'revoked';
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export function toSummary({ entry, now }: { entry: OwnerIndexEntry; now: Date }): AnalysisSummary {
  return { ...entry, status: statusOf({ record: entry, now }), ...analysisUrls({ id: entry.id }) };
}

/** `now + days`, or null for "never". */
export function expiryFrom({ now, days }: { now: Date; days: number | null }): string | null {
  return days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
}
