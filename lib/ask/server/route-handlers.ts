import 'server-only';
import type { z } from 'zod';
import type { AskDeps } from './ask-pipeline';
import { answerRequestSchema, type AskError, type AskErrorCode } from '../contracts';
import { CancelledError, LlmError } from '@/lib/llm/server/llm-errors';
import { clientKey, type RateLimiter } from '@/lib/access/server/rate-limit';
import { streamAnswer } from '@/lib/answer/server/stream-answer';
import { readBodyLimited } from '@/lib/access/server/read-body';
import { MAX_ASK_REQUEST_BYTES, REQUEST_TOO_LARGE_MESSAGE } from '@/lib/ask/ask-events';
import { limitRefusal } from '@/lib/ask/server/admission';

/**
 * The body of /api/answer and the admission /api/review shares (the route files only wire the configured
 * dependencies). Success: /api/answer streams text/markdown with an `x-llm-provider` header (the provider kind:
 * offline | gemini | openai-compatible | scripted). Failure before streaming: a JSON body `{ "error": AskError }` with
 * an HTTP status (400 bad request, 413 too large, 429 rate limited or daily token budget spent + Retry-After,
 * 404/502/503/504/422 for answer failures). Selecting files and writing or repairing code are server actions
 * (lib/ask/actions.ts), which admit their calls with the same limits (lib/ask/server/admission.ts).
 */

export interface RouteDeps extends AskDeps {
  /** null: no limit (the offline provider, or LLM_RATE_LIMIT_PER_MINUTE=0). */
  rateLimiter: RateLimiter | null;
  /** TRUSTED_PROXY_COUNT: reverse proxies whose X-Forwarded-For entries are believed (see clientKey). Default 0. */
  trustedProxies?: number;
}

/** Bodies are bounded by their schemas; this refuses absurd ones while they are read (readBodyLimited), before parsing. */
const MAX_BODY_BYTES = MAX_ASK_REQUEST_BYTES;

const STATUS: Record<AskErrorCode, number> = {
  bad_request: 400,
  rate_limited: 429,
  token_budget: 429,
  dataset_missing: 404,
  llm_timeout: 504,
  llm_quota: 503,
  llm_network: 502,
  llm_malformed: 502,
  llm_refusal: 422,
  no_plan: 422,
};

function errorResponse({ error, headers }: { error: AskError; headers?: Record<string, string> }): Response {
  return Response.json({ error }, { status: STATUS[error.code], headers: { 'cache-control': 'no-store', ...headers } });
}

/** A checked request body, or the response that refuses the request. */
type Admission<SCHEMA extends z.ZodType> = { ok: true; data: z.infer<SCHEMA> } | { ok: false; response: Response };

/** 413 with the bad_request code (AskErrorCode has no code of its own for it; STATUS maps bad_request to 400). */
function tooLarge(): Response {
  return Response.json(
    { error: { code: 'bad_request', message: REQUEST_TOO_LARGE_MESSAGE, retryable: false } },
    { status: 413, headers: { 'cache-control': 'no-store' } },
  );
}

async function parseBody<SCHEMA extends z.ZodType>({ request, schema }: { request: Request; schema: SCHEMA }): Promise<Admission<SCHEMA>> {
  const bad = (message: string) => ({ ok: false as const, response: errorResponse({ error: { code: 'bad_request', message, retryable: false } }) });
  let text: string;
  try {
    const body = await readBodyLimited({ request, maxBytes: MAX_BODY_BYTES });
    if (!body.ok) return { ok: false, response: tooLarge() };
    text = body.text;
  } catch {
    return bad('The request body could not be read.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad('The request body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return bad(`Invalid request: ${problems.join('; ')}`);
  }
  return { ok: true, data: parsed.data };
}

/** What every route does before its work: the rate limit, the token budget, then the body read and checked against `schema`. */
export async function admit<SCHEMA extends z.ZodType>({
  request,
  deps,
  schema,
}: {
  request: Request;
  deps: RouteDeps;
  schema: SCHEMA;
}): Promise<Admission<SCHEMA>> {
  const limited = await limitRefusal({
    key: clientKey({ request, trustedProxies: deps.trustedProxies ?? 0 }),
    rateLimiter: deps.rateLimiter,
    budget: deps.settings.budget,
  });
  if (limited) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, response: errorResponse({ error: limited.error, headers: { 'retry-after': String(limited.retryAfterSeconds) } }) };
  }
  return parseBody({ request, schema });
}

/**
 * A controller the request's abort also aborts, so the work can be cancelled by the client going away too;
 * `release` stops listening to the request once the response is done.
 */
export function abortWithRequest({ request }: { request: Request }): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (request.signal.aborted) onAbort();
  else request.signal.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => request.signal.removeEventListener('abort', onAbort) };
}

export async function handleAnswer({ request, deps }: { request: Request; deps: RouteDeps }): Promise<Response> {
  const admitted = await admit({ request, deps, schema: answerRequestSchema });
  if (!admitted.ok) return admitted.response;

  const { controller, release: cleanup } = abortWithRequest({ request });
  const chunks = streamAnswer({ request: admitted.data, provider: deps.provider, settings: deps.settings, signal: controller.signal });

  // Wait for the first text so a failure to start is an HTTP error with a message, not an empty 200.
  let first: IteratorResult<string>;
  try {
    first = await chunks.next();
  } catch (error) {
    cleanup();
    if (error instanceof CancelledError || controller.signal.aborted) return new Response(null, { status: 499 });
    if (error instanceof LlmError) return errorResponse({ error: error.askError });
    console.error('Answer failed unexpectedly', error);
    return errorResponse({
      error: { code: 'llm_network', message: 'The answer could not be written. Try again; the server log has details.', retryable: true },
    });
  }

  const encoder = new TextEncoder();
  let finished = false;
  const finish = (stream: ReadableStreamDefaultController<Uint8Array>) => {
    cleanup();
    if (finished) return;
    finished = true;
    try {
      stream.close();
    } catch {
      // Already cancelled by the client.
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      if (first.done) finish(stream);
      else stream.enqueue(encoder.encode(first.value));
    },
    async pull(stream) {
      try {
        const next = await chunks.next();
        if (next.done) finish(stream);
        else if (!finished) stream.enqueue(encoder.encode(next.value));
      } catch (error) {
        // A Cancel mid-answer: the client is gone or stopped reading; just end.
        if (!(error instanceof CancelledError)) console.error('Answer stream failed', error);
        finish(stream);
      }
    },
    cancel() {
      finished = true;
      cleanup();
      controller.abort();
      void chunks.return(undefined).catch(() => {});
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-llm-provider': deps.provider.info.kind,
    },
  });
}
