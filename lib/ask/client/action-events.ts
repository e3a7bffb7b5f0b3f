/**
 * The page's side of the ask and repair actions: calls one with a fresh run id, checks what comes back (the result,
 * then every event, against lib/ask/ask-events.ts) and yields the events as they arrive. Cancel (`signal`) stops the
 * reading at once and asks the server to stop the call (the cancelAsk action), since a server action's request cannot
 * be aborted from the page. A refusal before any work (no session, rate limit, budget, bad request) becomes the one
 * `error` event the routes' error statuses became. The actions are injected, so this is tested without Next.
 */
import type { z } from 'zod';
import type { AskEvent } from '@/lib/ask/contracts';
import { newRandomId } from '@/lib/core/random-id';
import {
  askActionResultSchema,
  askErrorOfRefusal,
  askEventSchema,
  MAX_ASK_REQUEST_BYTES,
  REQUEST_TOO_LARGE_MESSAGE,
  requestBytes,
  type AskActionInput,
} from '../ask-events';
import { firstIssueText } from '@/lib/text/schema-issue';
import { fitText } from '@/lib/text/cut-text';

export interface ActionEventsArgs<REQUEST> {
  /** The ask or repair action. Its result is parsed here, whatever its declared type. */
  call: (input: AskActionInput<REQUEST>) => Promise<unknown>;
  /** The cancelAsk action. */
  cancel: (input: { runId: string }) => Promise<unknown>;
  request: REQUEST;
  signal: AbortSignal;
}

function cancelled(): DOMException {
  return new DOMException('Cancelled', 'AbortError');
}

/** What the page shows for an answer it cannot read: which part, and the first field that does not fit. */
function malformed(what: string, error: z.ZodError): AskEvent {
  const detail = fitText(`${what}: ${firstIssueText(error, 'it does not fit')}`, 300);
  return {
    type: 'error',
    error: { code: 'llm_malformed', message: `The server sent something the page does not understand (${detail}). Try again.`, retryable: true },
  };
}

/** The type an event claims, for the message (only a short word of it). */
function claimedType(value: unknown): string {
  const type = value !== null && typeof value === 'object' && 'type' in value ? value.type : undefined;
  return typeof type === 'string' && /^[a-z-]{1,20}$/.test(type) ? `a ${type} event` : 'an event';
}

/** `promise`, unless `signal` aborts first (then an AbortError; `onAbandoned` gets the promise's late value). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbandoned: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(cancelled());
      promise.then(onAbandoned, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The stream of a result nobody will read any more: cancelling it lets React close the response. */
function discard(result: unknown): void {
  const parsed = askActionResultSchema.safeParse(result);
  if (parsed.success && parsed.data.ok) void parsed.data.events.cancel().catch(() => undefined);
}

export async function* streamActionEvents<REQUEST>({ call, cancel, request, signal }: ActionEventsArgs<REQUEST>): AsyncGenerator<AskEvent> {
  if (signal.aborted) throw cancelled();
  // The routes' 1,000,000-byte cap, said before sending (Next would refuse a body past 1 MiB with no message of ours).
  if (requestBytes(request) > MAX_ASK_REQUEST_BYTES) {
    yield { type: 'error', error: { code: 'bad_request', message: REQUEST_TOO_LARGE_MESSAGE, retryable: false } };
    return;
  }
  const runId = newRandomId();
  let reader: ReadableStreamDefaultReader<unknown> | null = null;
  let ended = false;
  const onAbort = () => {
    if (ended) return;
    // Stop the server's model call, and stop waiting here (a pending read ends at once).
    void cancel({ runId }).catch((error: unknown) => console.warn('Cancel could not reach the server', error));
    void reader?.cancel().catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = askActionResultSchema.safeParse(await unlessAborted(call({ runId, request }), signal, discard));
    if (!result.success) {
      yield malformed('the answer of the call', result.error);
      return;
    }
    if (!result.data.ok) {
      yield { type: 'error', error: askErrorOfRefusal(result.data) };
      return;
    }
    reader = result.data.events.getReader();
    for (;;) {
      if (signal.aborted) throw cancelled();
      const { value, done } = await reader.read();
      if (signal.aborted) throw cancelled();
      if (done) break;
      const event = askEventSchema.safeParse(value);
      if (!event.success) {
        // Nothing after it can be trusted either: stop the call on the server too.
        void cancel({ runId }).catch(() => undefined);
        yield malformed(claimedType(value), event.error);
        return;
      }
      yield event.data;
    }
    ended = true;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Left early (the turn stopped reading, or a malformed event): nothing more is wanted from this call.
    if (!ended) void reader?.cancel().catch(() => undefined);
    ended = true;
  }
}
