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
import { datasetBriefSchema } from '@/lib/files/dataset-briefs';
import { ASK_ERROR_CODES, askErrorSchema, generatedCodeSchema, llmMetricsSchema, providerInfoSchema, type AskError } from '@/lib/llm/model-contract';
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
const runIdSchema = z.string().regex(RANDOM_ID_PATTERN, 'not a run id');

/**
 * Generous caps: the events come from this app's server; the caps only bound what a broken one could make the page hold.
 * The plan and the change are the model's words like the code: a verbose model must not fail the turn.
 */
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
    plan: z.string().max(CODE_MAX),
    code: z.string().max(CODE_MAX),
    expects: generatedCodeSchema.shape.expects,
    change: z.string().max(CODE_MAX).optional(),
    metrics: llmMetricsSchema,
  }),
  z.object({ type: z.literal('error'), error: askErrorSchema }),
]);

/** Events of the ask and repair actions (lib/ask/actions.ts), streamed to the page as they are produced. */
export type AskEvent = z.infer<typeof askEventSchema>;

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

export const askActionResultSchema = z.union([z.object({ ok: z.literal(true), events: z.instanceof(ReadableStream) }), askRefusalSchema]);

/** The refusal as the turn shows it: an error event's AskError (no session is not one of its codes). */
export function askErrorOfRefusal(refusal: AskRefusal): AskError {
  return { code: refusal.code === 'unauthenticated' ? 'bad_request' : refusal.code, message: refusal.message, retryable: refusal.retryable };
}
