import 'server-only';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { signDownloads } from '@/lib/files/server/catalog-service';
import { accessTo } from '@/lib/files/server/dataset-access';
import { mapLimited, readMeta } from '@/lib/files/server/dataset-records';
import { getEnv } from '@/lib/core/server/env';
import type { StorageDriver } from '@/lib/storage/server';
import { FIGURE_NAME_PATTERN, figureNameOfKey, isAnalysisId } from '../analysis-ids';
import { failAnalysis } from './analysis-errors';
import type { AnalysisRecord, SavedDataset } from '../analysis-record';
import { turnBindings } from '../saved-bindings';
import { readRecord, statusOf } from './analysis-store';
import { readRecordCached } from './record-cache';
import { finalSavedAttempt } from '@/lib/share/saved-outputs';
import type { RerunDataset, RerunDownloads, RerunPlan, SharedAnalysis, SharedAnalysisOutcome } from '../analysis-types';

/** What viewers may do with a link: see it (page, embed, figures) and, when allowed, re-run it. */

const MESSAGES = {
  not_found: 'There is no analysis at this link. It may have been deleted, or the link is mistyped.',
  revoked: 'The owner of this analysis has turned its link off.',
  expired: 'This link has expired. Ask its owner to share the analysis again.',
} as const;

function withoutOwner({ record }: { record: AnalysisRecord }): SharedAnalysis {
  const { ownerHash: _ownerHash, ...shared } = record;
  return shared;
}

type ActiveOutcome = { ok: true; record: AnalysisRecord } | { ok: false; reason: 'not_found' | 'revoked' | 'expired'; message: string };

/** The full record (owner id included: server-side only) if the link works at `now`. */
async function getActiveRecord({ storage, id, now }: { storage: StorageDriver; id: string; now: Date }): Promise<ActiveOutcome> {
  const record = isAnalysisId(id) ? await readRecordCached({ storage, id, read: readRecord }) : null;
  if (!record) return { ok: false, reason: 'not_found', message: MESSAGES.not_found };
  const status = statusOf({ record, now });
  if (status !== 'active') return { ok: false, reason: status, message: MESSAGES[status] };
  return { ok: true, record };
}

/** The record a link shows, if the link works at `now`. `ownerHash` (optional) only sets `isOwner`. */
export async function getSharedAnalysis({
  storage,
  id,
  now = new Date(),
  ownerHash,
}: {
  storage: StorageDriver;
  id: string;
  now?: Date;
  ownerHash?: string | null;
}): Promise<SharedAnalysisOutcome> {
  const outcome = await getActiveRecord({ storage, id, now });
  if (!outcome.ok) return outcome;
  const { record } = outcome;
  return { ok: true, record: withoutOwner({ record }), isOwner: !!ownerHash && ownerHash === record.ownerHash };
}

/** A valid link's full record, or the refusal as an AnalysisError. */
async function requireActive({ storage, id, now }: { storage: StorageDriver; id: string; now: Date }): Promise<AnalysisRecord> {
  const outcome = await getActiveRecord({ storage, id, now });
  if (!outcome.ok) failAnalysis({ code: outcome.reason, message: outcome.message });
  return outcome.record;
}

/**
 * The PNG bytes of one figure of a valid link; null when the link is not valid, the name is not one of the
 * record's figures (or chart images), or the object is gone. The record lists them, so nothing else under the prefix
 * is served.
 */
export async function readSharedFigure({
  storage,
  id,
  name,
  now = new Date(),
}: {
  storage: StorageDriver;
  id: string;
  name: string;
  now?: Date;
}): Promise<Uint8Array | null> {
  if (!isAnalysisId(id) || !FIGURE_NAME_PATTERN.test(name)) return null;
  const outcome = await getSharedAnalysis({ storage, id, now });
  if (!outcome.ok) return null;
  const key = outcome.record.turns
    .flatMap((turn) =>
      turn.attempts.flatMap((attempt) => [...attempt.figures, ...(attempt.result?.kind === 'chart' && attempt.result.png ? [attempt.result.png] : [])]),
    )
    .find((figure) => figureNameOfKey({ key: figure.key }) === name)?.key;
  return key ? storage.getObject({ key }) : null;
}

/**
 * Fresh short-lived download URLs for a valid link's datasets, only when its owner allowed re-running, with the
 * binding each had at save time. Downloads are in the record's order and carry its saved display names.
 */
export async function getRerunDownloads({ storage, id, now = new Date() }: { storage: StorageDriver; id: string; now?: Date }): Promise<RerunDownloads> {
  return signRerunDownloads({ storage, record: await requireActive({ storage, id, now }) });
}

/**
 * A valid link's downloads, refused unless its owner allowed re-running (with or without data: see prepareRerun).
 * The link is the capability, and it reaches exactly the datasets its record names, and only while each still
 * belongs to the analysis's owner or is shared: a dataset deleted (or an id reused) since is never handed out.
 */
async function signRerunDownloads({ storage, record }: { storage: StorageDriver; record: AnalysisRecord }): Promise<RerunDownloads> {
  if (!record.allowRerun) {
    failAnalysis({ code: 'rerun_disabled', message: 'The owner of this analysis has not allowed re-running it.' });
  }
  if (record.datasets.length === 0) return { downloads: [], datasets: [], turns: record.turns.map(() => []) };
  const ownersView = { ownerHash: record.ownerHash, sharedPrefixes: getEnv().SHARED_PREFIXES };
  const metas = await mapLimited({ items: record.datasets, limit: 8, work: ({ id }) => readMeta({ storage, id }) });
  const usable = metas.filter((meta): meta is DatasetMeta => meta !== null && accessTo({ meta, viewer: ownersView }) !== null);
  if (usable.length !== record.datasets.length) {
    failAnalysis({
      code: 'dataset_missing',
      message: 'The data this analysis used has been deleted, so it cannot be re-run. Its saved outputs are still shown.',
    });
  }
  const signed = await signDownloads({ storage, metas: usable });
  const byId = new Map(signed.map((download) => [download.id, download]));
  const downloads = record.datasets.map((dataset) => ({ ...byId.get(dataset.id)!, displayName: dataset.displayName }));
  const rerunDataset = (dataset: SavedDataset): RerunDataset => {
    const download = byId.get(dataset.id)!;
    // Options saved with the record win: they are what the saved code ran against.
    return { id: dataset.id, variable: dataset.variable, fileName: dataset.fileName, format: download.format, options: dataset.options ?? download.options };
  };
  const datasets = record.datasets.map(rerunDataset);
  const turns = record.turns.map((turn) => turnBindings({ datasets: record.datasets, turn }).map(rerunDataset));
  return { downloads, datasets, turns };
}

/**
 * What "Re-run in my browser" needs before anything runs: the exact code of each question (the page shows it and runs
 * only it, after the viewer confirms), whether the caller is the owner (from the owner cookie's hash, never from the
 * client), and the data. Refused unless the owner allowed re-runs, even for an analysis without data: running
 * someone else's code is what the owner's switch is about, not only handing out the data.
 */
export async function prepareRerun({
  storage,
  id,
  ownerHash,
  now = new Date(),
}: {
  storage: StorageDriver;
  id: string;
  ownerHash: string | null;
  now?: Date;
}): Promise<RerunPlan> {
  const record = await requireActive({ storage, id, now });
  const isOwner = ownerHash !== null && ownerHash === record.ownerHash;
  if (!record.allowRerun && isOwner) {
    failAnalysis({ code: 'rerun_disabled', message: 'Re-running is off for this analysis. Turn it on in My analyses (/analyses) to re-run it here.' });
  }
  const signed = await signRerunDownloads({ storage, record });
  return { ...signed, isOwner, code: record.turns.map((turn) => finalSavedAttempt(turn)?.code ?? null) };
}
