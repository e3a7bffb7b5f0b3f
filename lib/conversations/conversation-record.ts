import { z } from 'zod';
import { analysisIdSchema } from '@/lib/share/analysis-ids';
import { turnInputSchema } from '@/lib/share/save-input';
import { askErrorSchema } from '@/lib/ask/contracts';
import { RANDOM_ID_PATTERN } from '@/lib/core/random-id';

/**
 * A conversation of the workspace as it is autosaved for its owner: the analysis save shape (lib/share/save-input.ts
 * turnInputSchema: question, code, attempts with outputs and figures, answer, checks, per-question bindings) plus what
 * only a live conversation has (where each question stopped, its error, the share link saved from it). Browser-safe:
 * the page checks what it sends and what it reads back with the same schemas the server uses.
 */

/** 128 random bits, base64url: made by the page when the first question is asked, so saving needs no round trip. */
const conversationIdSchema = z.string().regex(RANDOM_ID_PATTERN, 'not a conversation id');

export function isConversationId(value: unknown): value is string {
  return conversationIdSchema.safeParse(value).success;
}

/** Questions one conversation keeps (an analysis saved from it keeps at most 20 of them). */
export const MAX_CONVERSATION_TURNS = 50;

/**
 * Where a question stood when it was saved. `running`: it had not settled (the tab closed or crashed meanwhile); it is
 * shown as interrupted when the conversation is reopened.
 */
export const storedPhaseSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export type StoredPhase = z.infer<typeof storedPhaseSchema>;

export const storedTurnSchema = turnInputSchema.extend({
  phase: storedPhaseSchema,
  /** Why the question failed, as the turn showed it. */
  error: askErrorSchema.optional(),
});
export type StoredTurn = z.infer<typeof storedTurnSchema>;

/** The last share link saved from this conversation, so the Save panel still shows it after a reload. */
export const conversationShareSchema = z.object({
  analysisId: analysisIdSchema,
  /** Questions the saved analysis holds: questions asked afterwards are not in the link. */
  turnCount: z.number().int().min(0).max(MAX_CONVERSATION_TURNS),
});
export type ConversationShare = z.infer<typeof conversationShareSchema>;

/** The body of `PUT /api/conversations/<id>`: the whole conversation, written over the previous save. */
export const conversationInputSchema = z.object({
  turns: z.array(storedTurnSchema).min(1, 'An empty conversation is not saved.').max(MAX_CONVERSATION_TURNS),
  share: conversationShareSchema.nullable().optional(),
  /** The saved analysis this conversation was continued from, if any. */
  source: z.object({ analysisId: analysisIdSchema }).optional(),
});
export type ConversationInput = z.infer<typeof conversationInputSchema>;

export const conversationRecordSchema = conversationInputSchema.extend({
  version: z.literal(1),
  id: conversationIdSchema,
  /** SHA-256 of the owner id; the key holds it too (conversations/<ownerHash>/…), this is the second check. */
  ownerHash: z.string().regex(/^[0-9a-f]{64}$/),
  title: z.string().max(300),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;

/** One row of the recent-conversations list (the owner's index entry). */
export const conversationSummarySchema = z.object({
  id: conversationIdSchema,
  title: z.string().max(300),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  questionCount: z.number().int().min(0),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** What the page gets back: the record without the owner id. */
export type ConversationView = Omit<ConversationRecord, 'ownerHash'>;
export const conversationViewSchema = conversationRecordSchema.omit({ ownerHash: true });
