import 'server-only';
import { headers } from 'next/headers';
import type { z } from 'zod';
import { getAskDeps } from '@/lib/ask/server/ask-deps';
import type { AskDeps, Emit } from '@/lib/ask/server/ask-pipeline';
import type { AskEvent } from '@/lib/ask/contracts';
import { clientKey, getRateLimiter, type RequestHeaders } from '@/lib/access/server/rate-limit';
import type { RouteDeps } from '@/lib/ask/server/route-handlers';
import { getEnv } from '@/lib/core/server/env';
import { getViewer, SignInRequiredError, type Viewer } from '@/lib/access/server/caller';
import { getCounterStore } from '@/lib/access/server/counter-db';
import {
  askActionInputSchema,
  cancelInputSchema,
  MAX_ASK_REQUEST_BYTES,
  REQUEST_TOO_LARGE_MESSAGE,
  requestBytes,
  type AskActionResult,
  type AskRefusal,
} from '../ask-events';
import { limitRefusal } from './admission';
import { createRunCancels, type RunCancels } from './run-cancels';

/**
 * The bodies of the ask and repair server actions (lib/ask/actions.ts), which keep what the former /api/ask and
 * /api/repair routes guaranteed: the caller from the session (never from the input), the per-minute rate limit of
 * the caller's address and the daily token budgets (same counters, same messages), the 1 MB request cap, the request
 * checked against its schema, then the pipeline's events (lib/ask/server/ask-pipeline.ts) streamed as they are produced.
 * Cancel: the page's cancelAsk action, or the page going away (React cancels the stream when the response closes).
 * The Origin check is proxy.ts's (every server action), before any of this runs.
 */

/** Who is calling, as the services and the limits need it; a missing session is a refusal, not an exception. */
async function caller(): Promise<{ ok: true; viewer: Viewer; request: RequestHeaders } | { ok: false; refusal: AskRefusal }> {
  try {
    const viewer = await getViewer();
    return { ok: true, viewer, request: { headers: await headers() } };
  } catch (error) {
    if (!(error instanceof SignInRequiredError)) throw error;
    return { ok: false, refusal: { ok: false, code: error.code, message: error.message, retryable: false } };
  }
}

function badRequest(message: string): AskRefusal {
  return { ok: false, code: 'bad_request', message, retryable: false };
}

/**
 * Whose call a run id names: the caller's owner id, else (an anonymous caller with no owner cookie yet) their address,
 * as for the token budget. Another caller's id names nothing of theirs.
 */
function runKey({ viewer, request, deps, runId }: { viewer: Viewer; request: RequestHeaders; deps: RouteDeps; runId: string }): string {
  const subject = viewer.ownerHash ? `user:${viewer.ownerHash}` : clientKey({ request, trustedProxies: deps.trustedProxies ?? 0 });
  return `${subject}/${runId}`;
}

const RUNS = Symbol.for('ask-your-data.ask-run-cancels');

/** This process's calls (one registry, whichever bundle of the app loaded this module). */
export function getRunCancels(): RunCancels {
  const holder = globalThis as { [RUNS]?: RunCancels };
  holder[RUNS] ??= createRunCancels({ store: getCounterStore });
  return holder[RUNS];
}

/** The events `run` emits, as a stream whose cancel (and `controller`'s abort) stops `run`. */
function eventStream({
  controller,
  release,
  run,
}: {
  controller: AbortController;
  release: () => void;
  run: (args: { emit: Emit; signal: AbortSignal }) => Promise<void>;
}): ReadableStream<AskEvent> {
  let closed = false;
  return new ReadableStream<AskEvent>({
    start(stream) {
      const emit: Emit = (event) => {
        if (!closed) stream.enqueue(event);
      };
      // Not awaited: the action returns the stream at once, so its first events flow while the model works.
      void run({ emit, signal: controller.signal })
        .catch((error: unknown) => console.error('Ask stream failed', error))
        .finally(() => {
          release();
          if (!closed) {
            closed = true;
            stream.close();
          }
        });
    },
    cancel() {
      closed = true;
      controller.abort();
    },
  });
}

/** "Invalid request: path: message; …", as the routes said it (paths inside the request). */
function invalid(issues: readonly z.core.$ZodIssue[]): AskRefusal {
  const problems = issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  return badRequest(`Invalid request: ${problems.join('; ')}`);
}

/** An ask or repair action: admits the call, then streams the events of the pipeline `run` (runAsk, runRepair). */
export async function runEventAction<SCHEMA extends z.ZodType>({
  input,
  schema,
  run,
  cancels = getRunCancels(),
}: {
  input: unknown;
  schema: SCHEMA;
  run: (args: { request: z.infer<SCHEMA>; deps: AskDeps; signal: AbortSignal; emit: Emit }) => Promise<void>;
  cancels?: RunCancels;
}): Promise<AskActionResult> {
  const who = await caller();
  if (!who.ok) return who.refusal;
  const deps = await getAskDeps({ viewer: who.viewer, request: who.request });
  const key = clientKey({ request: who.request, trustedProxies: deps.trustedProxies ?? 0 });
  const limited = await limitRefusal({ key, rateLimiter: deps.rateLimiter, budget: deps.settings.budget });
  if (limited) return { ok: false, ...limited.error, retryAfterSeconds: limited.retryAfterSeconds };
  // Next has already refused a body over 1 MiB (next.config.mjs); this is the routes' own 1,000,000-byte cap.
  if (requestBytes(input) > MAX_ASK_REQUEST_BYTES) return badRequest(REQUEST_TOO_LARGE_MESSAGE);
  const envelope = askActionInputSchema.safeParse(input);
  if (!envelope.success) return invalid(envelope.error.issues);
  const parsed = schema.safeParse(envelope.data.request);
  if (!parsed.success) return invalid(parsed.error.issues);
  const request: z.infer<SCHEMA> = parsed.data;
  const controller = new AbortController();
  const release = cancels.register({ key: runKey({ ...who, deps, runId: envelope.data.runId }), controller, shared: deps.provider.kind === 'llm' });
  return { ok: true, events: eventStream({ controller, release, run: ({ emit, signal }) => run({ request, deps, signal, emit }) }) };
}

/**
 * The cancelAsk action: stops the caller's call `runId`, aborting the model call it waits on. A call running here is
 * stopped at once; otherwise word is left for the instance that runs it, which costs a write to the shared store, so
 * those are rate limited per address like the LLM requests, in a bucket of their own.
 */
export async function cancelEventRun({ input, cancels = getRunCancels() }: { input: unknown; cancels?: RunCancels }): Promise<{ ok: true } | AskRefusal> {
  const who = await caller();
  if (!who.ok) return who.refusal;
  const parsed = cancelInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error.issues);
  const deps = await getAskDeps({ viewer: who.viewer, request: who.request });
  if (cancels.stopHere(runKey({ ...who, deps, runId: parsed.data.runId }))) return { ok: true };
  const shared = deps.provider.kind === 'llm';
  if (shared && deps.rateLimiter) {
    const rateLimiter = await getRateLimiter({ perMinute: getEnv().LLM_RATE_LIMIT_PER_MINUTE, bucket: 'ask-cancel-rate' });
    const key = clientKey({ request: who.request, trustedProxies: deps.trustedProxies ?? 0 });
    const limited = await limitRefusal({ key, rateLimiter, budget: undefined });
    if (limited) return { ok: false, ...limited.error, retryAfterSeconds: limited.retryAfterSeconds };
  }
  await cancels.leaveWord({ key: runKey({ ...who, deps, runId: parsed.data.runId }), shared });
  return { ok: true };
}
