import 'server-only';
import { kernelFileName } from '@/lib/files/dataset-briefs';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { bindingOptions } from '@/lib/files/binding-options';
import { accessTo } from '@/lib/files/server/dataset-access';
import { mapLimited, readMeta } from '@/lib/files/server/dataset-records';
import { getEnv } from '@/lib/core/server/env';
import type { StorageDriver } from '@/lib/storage/server';
import { countObjects } from '@/lib/storage/server/count-objects';
import { newAnalysisId } from '../analysis-ids';
import { failAnalysis } from './analysis-errors';
import type { AnalysisRecord, SavedAttempt, SavedBindingOptions, SavedDataset, SavedTurn } from '../analysis-record';
import { analysisPrefix, chartImageKey, deleteRecord, expiryFrom, figureKey, ownerIndexKey, ownerPrefix, writeIndexEntry, writeRecord } from './analysis-store';
import { checkPngBase64 } from '@/lib/results/png';
import { capRunOutputs, SAVE_CAPS, titleFor } from '../save-caps';
import { saveAnalysisInputSchema, type SaveAnalysisInput } from '../save-input';
import { savedNumberCheck } from '../saved-bindings';
import { firstIssueText } from '@/lib/text/schema-issue';

/**
 * Saving an analysis: check everything first (datasets exist, every figure is a real PNG within the caps), then
 * write figures, the record and the owner index entry. Nothing from the browser names a storage key or a dataset's
 * file: keys come from a fresh id, dataset names and formats from the catalog's own records.
 */

const WRITE_CONCURRENCY = 8;

interface PendingFigure {
  key: string;
  bytes: Uint8Array;
}

function savedOptions({ meta }: { meta: DatasetMeta }): SavedBindingOptions {
  const options = bindingOptions({ meta });
  // A very wide file's names would bloat every record; without them pandas reads the header row (the file's names).
  const namesFit = options.names && options.names.length <= 1000 && options.names.every((name) => name.length <= 500);
  const { names, ...rest } = options;
  return namesFit ? { ...rest, names } : rest;
}

/**
 * The record's datasets, each one the saver may read (their own upload or a shared one). A share link re-runs with
 * the datasets its record names, so naming another owner's dataset here would hand it to every holder of the link:
 * such an id is refused exactly like a missing one.
 */
async function datasetEntries({
  storage,
  input,
  ownerHash,
  sharedPrefixes,
}: {
  storage: StorageDriver;
  input: SaveAnalysisInput;
  ownerHash: string;
  sharedPrefixes: readonly string[];
}): Promise<SavedDataset[]> {
  const metas = await mapLimited({ items: input.datasetIds, limit: WRITE_CONCURRENCY, work: (id) => readMeta({ storage, id }) });
  return metas.map((found, index) => {
    const meta = found && accessTo({ meta: found, viewer: { ownerHash, sharedPrefixes } }) ? found : null;
    if (!meta) {
      failAnalysis({
        code: 'dataset_missing',
        message: `Dataset ${input.datasetIds[index]} used by this analysis no longer exists, so the analysis cannot be saved with it.`,
      });
    }
    return {
      id: meta.id,
      displayName: meta.displayName,
      fileName: kernelFileName({ meta }),
      variable: input.variables?.[index] ?? `df${index + 1}`,
      format: meta.format,
      size: meta.size,
      ...(meta.contentHash ? { contentHash: meta.contentHash } : {}),
      options: savedOptions({ meta }),
    };
  });
}

/** The record's turns, with each figure checked and given its key; the figure bytes are collected for writing. */
function savedTurns({ id, input, figures }: { id: string; input: SaveAnalysisInput; figures: PendingFigure[] }): SavedTurn[] {
  return input.turns.map((turn, turnIndex) => {
    // Attempts that never ran have nothing to show or re-run; the saved list is the attempts with outputs.
    const ran = turn.attempts.filter((attempt) => attempt.result !== undefined);
    const attempts = ran.map((attempt, attemptIndex): SavedAttempt => {
      const run = attempt.result!;
      const where = `question ${turnIndex + 1}, attempt ${attemptIndex + 1}`;
      if (run.figures.length > SAVE_CAPS.figuresPerAttempt) {
        failAnalysis({ code: 'invalid_input', message: `${where} has ${run.figures.length} figures; at most ${SAVE_CAPS.figuresPerAttempt} can be saved.` });
      }
      const saved = run.figures.map((figure, figureIndex) => {
        const checked = checkPngBase64({ base64: figure.pngBase64 });
        if (!checked.ok) failAnalysis({ code: 'invalid_input', message: `Figure ${figureIndex + 1} of ${where} was refused: ${checked.reason}.` });
        const key = figureKey({ id, turn: turnIndex + 1, attempt: attemptIndex + 1, index: figureIndex + 1 });
        figures.push({ key, bytes: checked.bytes });
        // The PNG's own header, not the client's claim, says how big it is.
        return { key, width: checked.width, height: checked.height };
      });
      const outputs = capRunOutputs({ run });
      if (outputs.result?.kind === 'chart' && run.result?.kind === 'chart' && run.result.png) {
        const checked = checkPngBase64({ base64: run.result.png.pngBase64 });
        if (!checked.ok) failAnalysis({ code: 'invalid_input', message: `The chart image of ${where} was refused: ${checked.reason}.` });
        const key = chartImageKey({ id, turn: turnIndex + 1, attempt: attemptIndex + 1 });
        figures.push({ key, bytes: checked.bytes });
        outputs.result = { ...outputs.result, png: { key, width: checked.width, height: checked.height } };
      }
      return {
        number: attempt.number,
        code: attempt.code,
        ...(attempt.change !== undefined ? { change: attempt.change } : {}),
        ...(attempt.fixedBy !== undefined ? { fixedBy: attempt.fixedBy } : {}),
        ...outputs,
        figures: saved,
      };
    });
    const saved: SavedTurn = {
      question: turn.question,
      ...(turn.plan !== undefined ? { plan: turn.plan } : {}),
      attempts,
      answer: turn.answer,
      ...(turn.provider ? { provider: turn.provider } : {}),
      metrics: turn.metrics,
      ...(turn.bindings ? { bindings: turn.bindings.map(({ variable, datasetId }) => ({ variable, datasetId })) } : {}),
    };
    // Computed here from what is saved (never taken from the client), so every reader of the record sees the same flags.
    return { ...saved, numberCheck: savedNumberCheck({ turn: saved }) };
  });
}

/**
 * Analyses one owner keeps. Saving needs no account in AUTH_MODE=none (the owner is a free cookie), so without a cap
 * one browser could fill the bucket with analyses of up to ANALYSIS_MAX_SAVE_MB each.
 */
const MAX_ANALYSES_PER_OWNER = 500;

export async function saveAnalysis({
  storage,
  ownerHash,
  input,
  now = new Date(),
  defaultExpiryDays,
  sharedPrefixes,
  maxAnalyses = MAX_ANALYSES_PER_OWNER,
}: {
  storage: StorageDriver;
  /** SHA-256 (hex) of the caller's owner token (lib/access/server/owner.ts). */
  ownerHash: string;
  input: SaveAnalysisInput;
  now?: Date;
  /** Used when the input names no expiry; null: never. Default: ANALYSIS_DEFAULT_EXPIRY_DAYS (0 there: never). */
  defaultExpiryDays?: number | null;
  /** Default: SHARED_PREFIXES. */
  sharedPrefixes?: readonly string[];
  /** MAX_ANALYSES_PER_OWNER; smaller in tests. */
  maxAnalyses?: number;
}): Promise<AnalysisRecord> {
  // Callers other than the route may hand over unchecked data; the schema is the contract, not the type.
  const parsed = saveAnalysisInputSchema.safeParse(input);
  if (!parsed.success) {
    failAnalysis({ code: 'invalid_input', message: `Saving the analysis: ${firstIssueText(parsed.error, 'invalid input')}` });
  }
  const checked = parsed.data;
  // Counted from the owner's index before anything is written (two saves at the same instant can both pass: the cap
  // can be passed by the few saves a browser makes at once, never by a loop).
  if ((await countObjects({ storage, prefix: ownerPrefix({ ownerHash }), atMost: maxAnalyses })) >= maxAnalyses) {
    failAnalysis({
      code: 'quota',
      message: `You keep ${maxAnalyses} saved analyses, the most one browser (or account) keeps, so this one was not saved. Delete some under My analyses, then save again.`,
    });
  }
  const id = newAnalysisId();
  const figures: PendingFigure[] = [];
  // The answer checks, the reviewer's verdict and its plan travel as the page recorded them (both optional in the record).
  const turns = savedTurns({ id, input: checked, figures }).map((turn, index) => {
    const input = checked.turns[index];
    return {
      ...turn,
      ...(input?.checks ? { checks: input.checks } : {}),
      ...(input?.review ? { review: input.review } : {}),
      ...(input?.guidance ? { guidance: input.guidance } : {}),
    };
  });
  const datasets = await datasetEntries({ storage, input: checked, ownerHash, sharedPrefixes: sharedPrefixes ?? getEnv().SHARED_PREFIXES });
  const envDefault = () => {
    const days = getEnv().ANALYSIS_DEFAULT_EXPIRY_DAYS;
    return days === 0 ? null : days;
  };
  const days = checked.expiresInDays !== undefined ? checked.expiresInDays : defaultExpiryDays !== undefined ? defaultExpiryDays : envDefault();
  const timestamp = now.toISOString();
  const record: AnalysisRecord = {
    version: 1,
    id,
    title: titleFor({ title: checked.title, firstQuestion: checked.turns[0]!.question }),
    createdAt: timestamp,
    updatedAt: timestamp,
    ownerHash,
    visibility: 'link',
    expiresAt: expiryFrom({ now, days }),
    allowRerun: checked.allowRerun,
    datasets,
    turns,
    versions: checked.versions,
  };

  try {
    // Figures first, then the record: a reader who finds the record finds its figures.
    await mapLimited({
      items: figures,
      limit: WRITE_CONCURRENCY,
      work: ({ key, bytes }) => storage.putObject({ key, body: bytes, contentType: 'image/png' }),
    });
    await writeRecord({ storage, record });
    await writeIndexEntry({ storage, record });
  } catch (error) {
    // Best effort: leave no half-saved analysis behind (the failure itself is what the caller sees).
    await Promise.allSettled([
      deleteRecord({ storage, id }),
      storage.deletePrefix({ prefix: analysisPrefix({ id }) }),
      storage.deleteObject({ key: ownerIndexKey({ ownerHash, id }) }),
    ]);
    throw error;
  }
  return record;
}
