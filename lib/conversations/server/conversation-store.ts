import 'server-only';
import { failAnalysis } from '@/lib/share/server/analysis-errors';
import { checkPngBase64 } from '@/lib/results/png';
import { capRunOutputs, SAVE_CAPS, titleFor } from '@/lib/share/save-caps';
import { mapLimited } from '@/lib/files/server/dataset-records';
import type { StorageDriver } from '@/lib/storage/server';
import { countObjects } from '@/lib/storage/server/count-objects';
import { readJsonObject, writeJsonObject } from '@/lib/storage/server/json-object';
import {
  conversationInputSchema,
  conversationRecordSchema,
  conversationSummarySchema,
  isConversationId,
  type ConversationInput,
  type ConversationRecord,
  type ConversationSummary,
  type ConversationView,
} from '../conversation-record';
import { firstIssueText } from '@/lib/text/schema-issue';

/**
 * Autosaved conversations, private to their owner. Both objects live under the owner's own prefix, so ownership is
 * the key itself: another owner's id resolves to a key that does not exist and reads as "not found", whoever asks.
 * - `conversations/<ownerHash>/records/<id>.json`: the conversation (the truth; figures inline as checked PNGs);
 * - `conversations/<ownerHash>/index/<id>`: a small summary, so the recent list is one listing plus a few reads.
 */

const CONVERSATIONS_ROOT = 'conversations/';
const OWNER_HASH = /^[0-9a-f]{64}$/;
/** Rows of the recent list. */
const RECENT_LIMIT = 20;
/** Index pages read to find the newest (1,000 entries each): an owner with more sees the newest of these. */
const MAX_INDEX_PAGES = 5;
/**
 * Conversations one owner keeps. Every visitor gets an owner id for free (the cookie), so without a cap one browser
 * could fill the bucket: 200 conversations of at most ANALYSIS_MAX_SAVE_MB each. Saving a new one past it is refused
 * with what to do (delete some); saving an existing one always works.
 */
const MAX_CONVERSATIONS_PER_OWNER = 200;

function ownerRoot({ ownerHash }: { ownerHash: string }): string {
  // Owner ids come from the cookie or the session, never from a request; a bad one is a bug.
  if (!OWNER_HASH.test(ownerHash)) throw new Error('Not an owner hash');
  return `${CONVERSATIONS_ROOT}${ownerHash}/`;
}

function requireId({ id }: { id: string }): void {
  if (!isConversationId(id)) failAnalysis({ code: 'invalid_input', message: 'That is not a conversation id.' });
}

export function conversationKey({ ownerHash, id }: { ownerHash: string; id: string }): string {
  return `${ownerRoot({ ownerHash })}records/${id}.json`;
}

function conversationIndexKey({ ownerHash, id }: { ownerHash: string; id: string }): string {
  return `${ownerRoot({ ownerHash })}index/${id}`;
}

async function readStored({ storage, ownerHash, id }: { storage: StorageDriver; ownerHash: string; id: string }): Promise<ConversationRecord | null> {
  return readJsonObject({
    storage,
    key: conversationKey({ ownerHash, id }),
    schema: conversationRecordSchema,
    accept: (record) => record.id === id && record.ownerHash === ownerHash,
    warnIfInvalid: `conversation ${id} is not a valid conversation record; it is treated as absent`,
  });
}

/**
 * The turns as stored: outputs cut to the analysis save caps (a reopened conversation shows what a saved analysis
 * would), every figure checked to be a real PNG (it is shown back as an image).
 * The record is parsed again as a whole before it is written.
 */
function storedTurns({ input }: { input: ConversationInput }) {
  return input.turns.map((turn, turnIndex) => ({
    ...turn,
    // `unknown`: the capped outputs are re-checked with the record schema below, not trusted by their type.
    attempts: turn.attempts.map((attempt, attemptIndex): unknown => {
      const run = attempt.result;
      // Not run yet (the question was still going): its code is kept, to show where the question stopped.
      if (!run) return attempt;
      const where = `question ${turnIndex + 1}, attempt ${attemptIndex + 1}`;
      if (run.figures.length > SAVE_CAPS.figuresPerAttempt) {
        failAnalysis({
          code: 'invalid_input',
          message: `Saving the conversation: ${where} has ${run.figures.length} figures; at most ${SAVE_CAPS.figuresPerAttempt} are kept.`,
        });
      }
      const figures = run.figures.map((figure, index) => {
        const checked = checkPngBase64({ base64: figure.pngBase64 });
        if (!checked.ok)
          failAnalysis({ code: 'invalid_input', message: `Saving the conversation: figure ${index + 1} of ${where} was refused: ${checked.reason}.` });
        return { pngBase64: figure.pngBase64, width: checked.width, height: checked.height };
      });
      const capped = capRunOutputs({ run });
      // A conversation keeps a chart as its spec (drawn again when reopened); the PNG is made only when an analysis
      // is saved, and the capped form's `png: null` (a saved analysis's "no PNG stored") is not an input value.
      const result =
        capped.result?.kind === 'chart' ? { ...capped, result: { kind: 'chart' as const, mime: capped.result.mime, spec: capped.result.spec } } : capped;
      return { ...attempt, result: { ...result, figures } };
    }),
  }));
}

function summaryOf({ record }: { record: ConversationRecord }): ConversationSummary {
  const { id, title, createdAt, updatedAt } = record;
  return { id, title, createdAt, updatedAt, questionCount: record.turns.length };
}

function viewOf({ record }: { record: ConversationRecord }): ConversationView {
  const { ownerHash: _ownerHash, ...view } = record;
  return view;
}

/** Writes the whole conversation over its previous save (creating it on the first). Owner = the caller, by key. */
export async function saveConversation({
  storage,
  ownerHash,
  id,
  input,
  now = new Date(),
  maxConversations = MAX_CONVERSATIONS_PER_OWNER,
}: {
  storage: StorageDriver;
  ownerHash: string;
  id: string;
  input: unknown;
  now?: Date;
  /** MAX_CONVERSATIONS_PER_OWNER; smaller in tests. */
  maxConversations?: number;
}): Promise<ConversationSummary> {
  requireId({ id });
  const parsed = conversationInputSchema.safeParse(input);
  if (!parsed.success) {
    failAnalysis({ code: 'invalid_input', message: `Saving the conversation: ${firstIssueText(parsed.error, 'invalid input')}` });
  }
  const checked = parsed.data;
  const turns = storedTurns({ input: checked });
  const previous = await readStored({ storage, ownerHash, id });
  if (!previous) await requireRoomForOne({ storage, ownerHash, max: maxConversations });
  const record = conversationRecordSchema.parse({
    ...checked,
    turns,
    version: 1,
    id,
    ownerHash,
    title: titleFor({ firstQuestion: turns[0]!.question }),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    // A save that does not mention where the conversation came from keeps what the first save recorded.
    ...((checked.source ?? previous?.source) ? { source: checked.source ?? previous?.source } : {}),
  });
  await writeJsonObject({ storage, key: conversationKey({ ownerHash, id }), value: record });
  const summary = summaryOf({ record });
  await writeJsonObject({ storage, key: conversationIndexKey({ ownerHash, id }), value: summary });
  return summary;
}

/**
 * Refuses a new conversation when the owner already keeps `max`. Counted from the index (one listing page holds 1,000
 * keys); two new conversations saved at the same instant can both pass, so the cap can be passed by the few a browser
 * saves at once, never by a loop.
 */
async function requireRoomForOne({ storage, ownerHash, max }: { storage: StorageDriver; ownerHash: string; max: number }): Promise<void> {
  if ((await countObjects({ storage, prefix: `${ownerRoot({ ownerHash })}index/`, atMost: max })) >= max) {
    failAnalysis({
      code: 'quota',
      message: `You keep ${max} saved conversations, the most one browser (or account) keeps, so this one was not saved. Delete some under “Recent conversations” and it is saved with the next step.`,
    });
  }
}

/**
 * Deletes the caller's own conversation: the record first (it is the truth: once it is gone the conversation cannot be
 * opened), then its index entry. Another owner's id resolves to keys under the caller's own prefix, so it reads as not
 * found; an index entry left by a failure half-way is removed by deleting again.
 */
export async function deleteConversation({ storage, ownerHash, id }: { storage: StorageDriver; ownerHash: string; id: string }): Promise<void> {
  requireId({ id });
  const recordKey = conversationKey({ ownerHash, id });
  const indexKey = conversationIndexKey({ ownerHash, id });
  const [record, entry] = await Promise.all([storage.headObject({ key: recordKey }), storage.headObject({ key: indexKey })]);
  if (!record && !entry) failAnalysis({ code: 'not_found', message: 'This conversation no longer exists (it may have been deleted already).' });
  if (record) await storage.deleteObject({ key: recordKey });
  if (entry) await storage.deleteObject({ key: indexKey });
}

/** The caller's own conversation; another owner's, a deleted one and a malformed id all read as not found. */
export async function getConversation({ storage, ownerHash, id }: { storage: StorageDriver; ownerHash: string; id: string }): Promise<ConversationView> {
  requireId({ id });
  const record = await readStored({ storage, ownerHash, id });
  if (!record) failAnalysis({ code: 'not_found', message: 'This conversation does not exist in this browser’s (or account’s) saved work.' });
  return viewOf({ record });
}

/** The caller's most recently saved conversations, newest first. */
export async function listConversations({
  storage,
  ownerHash,
  limit = RECENT_LIMIT,
}: {
  storage: StorageDriver;
  ownerHash: string;
  limit?: number;
}): Promise<ConversationSummary[]> {
  const prefix = `${ownerRoot({ ownerHash })}index/`;
  const objects = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_INDEX_PAGES; page += 1) {
    const listed = await storage.listObjects({ prefix, ...(cursor ? { cursor } : {}) });
    objects.push(...listed.objects);
    cursor = listed.nextCursor;
    if (!cursor) break;
  }
  // Every save rewrites the index entry, so its modification time orders the list without reading every entry.
  const newest = objects.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime()).slice(0, limit);
  const entries = await mapLimited({
    items: newest,
    limit: 8,
    work: ({ key }) => readJsonObject({ storage, key, schema: conversationSummarySchema, accept: (entry) => key.endsWith(`/${entry.id}`) }),
  });
  return entries.filter((entry) => entry !== null).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
