/**
 * What crosses between the page and the ask/repair server actions (lib/ask/actions.ts), as zod schemas: the input
 * envelope (a run id and the request), the result (the event stream, or a refusal before any work), and every event.
 * The page parses each of them where it arrives (lib/ask/client/action-events.ts): a server function's return value
 * is data from the network, whatever its TypeScript type says.
 *
 * Browser-safe (no server-only): the actions, the page and the tests import it.
 */
import { z } from 'zod';
import { RANDOM_ID_PATTERN } from '@/lib/core/random-id';
import { datasetIdSchema, generatedCodeSchema, type AskError, type AskErrorCode, type AskEvent } from '@/lib/ask/contracts';
import { guidanceOutcomeSchema } from '@/lib/answer/review-contract';

/**
 * The largest request the ask and repair steps read (1,000,000 bytes of JSON): a request is bounded by its schema long
 * before this; the cap refuses absurd ones. The answer and review routes apply the same cap to their bodies.
 */
export const MAX_ASK_REQUEST_BYTES = 1_000_000;

/** What the analyst reads when a request is over the cap (the routes answer it with 413, the actions as a refusal). */
export const REQUEST_TOO_LARGE_MESSAGE = `The request is larger than ${MAX_ASK_REQUEST_BYTES / 1_000_000} MB and was refused unread; shorten the question or history.`;

/** The UTF-8 size of a request as JSON: what the route read from the wire, and what the action counts. */
export function requestBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').byteLength;
}

/**
 * One call of the ask or repair action: the page names it with a fresh 128-bit id, so that Cancel (the cancelAsk
 * action) can name the call to stop. Ids are scoped to the caller on the server, so a guessed one stops nothing.
 */
export const runIdSchema = z.string().regex(RANDOM_ID_PATTERN, 'not a run id');

const ASK_ERROR_CODES = [
  'bad_request',
  'rate_limited',
  'token_budget',
  'llm_timeout',
  'llm_quota',
  'llm_malformed',
  'llm_refusal',
  'llm_network',
  'dataset_missing',
  'no_plan',
] as const satisfies readonly AskErrorCode[];

export const askErrorSchema = z.object({ code: z.enum(ASK_ERROR_CODES), message: z.string().max(10_000), retryable: z.boolean() });

const providerInfoSchema = z.object({
  kind: z.enum(['gemini', 'openai-compatible', 'offline', 'scripted']),
  model: z.string().max(500),
  label: z.string().max(500),
});

const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const datasetBriefSchema = z.object({
  id: datasetIdSchema,
  variable: z.string().max(20),
  displayName: z.string().max(2000),
  fileName: z.string().max(2000),
  format: z.string().max(50),
  rowEstimate: z.object({ value: z.number().nonnegative(), exact: z.boolean() }),
  bytes: z.number().int().nonnegative().optional(),
  columns: z.array(z.object({ name: z.string().max(10_000), type: z.string().max(200) })).max(1000),
  omittedColumns: z.number().int().nonnegative(),
  sampleRows: z.array(z.array(cellSchema).max(1000)).max(50),
});

/** Generous caps: the events come from this app's server; the caps only bound what a broken one could make the page hold. */
const CODE_MAX = 200_000;

export const askEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('provider'), provider: providerInfoSchema }),
  z.object({
    type: z.literal('selection'),
    datasets: z.array(z.object({ id: z.string().max(200), reason: z.string().max(5000) })).max(50),
    skipped: z.boolean(),
    note: z.string().max(5000),
  }),
  z.object({ type: z.literal('context'), datasets: z.array(datasetBriefSchema).max(200) }),
  z.object({ type: z.literal('guidance'), guidance: guidanceOutcomeSchema }),
  z.object({ type: z.literal('code-delta'), code: z.string().max(CODE_MAX) }),
  z.object({
    type: z.literal('plan'),
    plan: z.string().max(10_000),
    code: z.string().max(CODE_MAX),
    expects: generatedCodeSchema.shape.expects,
    change: z.string().max(10_000).optional(),
    metrics: z.object({
      llmCalls: z.number().int().nonnegative(),
      inputTokens: z.number().nonnegative(),
      outputTokens: z.number().nonnegative(),
      generationMs: z.number().nonnegative(),
    }),
  }),
  z.object({ type: z.literal('error'), error: askErrorSchema }),
]);

// The schema and the AskEvent type (lib/ask/contracts.ts) describe the same events: neither can drift alone.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsAgree: Same<z.output<typeof askEventSchema>, AskEvent> = true;
const errorsAgree: Same<z.output<typeof askErrorSchema>, AskError> = true;
void eventsAgree;
void errorsAgree;

/** The input of the ask and repair actions; `request` is checked against the step's own schema on the server. */
export const askActionInputSchema = z.object({ runId: runIdSchema, request: z.unknown() });
export type AskActionInput<REQUEST> = { runId: string; request: REQUEST };

/** The input of the cancelAsk action. */
export const cancelInputSchema = z.object({ runId: runIdSchema });

/**
 * Refused before any work, as the routes answered with a status: no session (401), rate limited or budget spent (429,
 * with the seconds its Retry-After header carried), a bad or oversized request (400/413).
 */
export const askRefusalSchema = z.object({
  ok: z.literal(false),
  code: z.enum([...ASK_ERROR_CODES, 'unauthenticated']),
  message: z.string().max(10_000),
  retryable: z.boolean(),
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type AskRefusal = z.infer<typeof askRefusalSchema>;

/** What the ask and repair actions return: the events as they are produced, or the refusal. */
export type AskActionResult = { ok: true; events: ReadableStream<AskEvent> } | AskRefusal;

export const askActionResultSchema = z.union([
  z.object({ ok: z.literal(true), events: z.instanceof(ReadableStream) }),
  askRefusalSchema,
]);

/** The refusal as the turn shows it: an error event's AskError (no session is not one of its codes). */
export function askErrorOfRefusal(refusal: AskRefusal): AskError {
  return { code: refusal.code === 'unauthenticated' ? 'bad_request' : refusal.code, message: refusal.message, retryable: refusal.retryable };
}
