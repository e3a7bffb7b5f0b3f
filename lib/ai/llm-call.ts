import 'server-only';
import { generateText, Output, streamText, type DeepPartial } from 'ai';
import type { z } from 'zod';
import {
  CancelledError,
  callWithRetries,
  LlmError,
  MalformedOutputError,
  RefusalError,
  toAskError,
  withDeadline,
} from './llm-errors';
import type { LlmSettings, MetricsRecorder } from './llm-settings';
import type { AskProvider } from './providers';
import type { ModelCallContext } from './script-file';

/**
 * The two shapes of LLM call the pipeline makes, each under a deadline, with 429 backoff, usage accounting and
 * classified errors: a structured object (optionally streamed, for the code the page shows as it arrives) and a
 * markdown text stream (the answer).
 */

export type LlmProvider = Extract<AskProvider, { kind: 'llm' }>;

interface CallBase {
  provider: LlmProvider;
  call: ModelCallContext;
  instructions: string;
  prompt: string;
  settings: LlmSettings;
  /** The analyst's Cancel (the request's signal). */
  signal: AbortSignal;
}

export async function callStructured<SCHEMA extends z.ZodType>({
  provider,
  call,
  schema,
  instructions,
  prompt,
  settings,
  signal,
  metrics,
  onPartial,
}: CallBase & {
  schema: SCHEMA;
  metrics: MetricsRecorder;
  /** When given, the call is streamed and every partial object is passed here. */
  onPartial?: (partial: DeepPartial<z.infer<SCHEMA>>) => void;
}): Promise<z.infer<SCHEMA>> {
  return callWithRetries({
    policy: settings.retry,
    timeoutMs: settings.timeoutMs,
    signal,
    providerLabel: provider.info.label,
    onAttempt: () => metrics.countCall(),
    attempt: async (abortSignal) => {
      const model = provider.modelFor(call);
      const output = Output.object({ schema });
      if (!onPartial) {
        const result = await generateText({ model, output, instructions, prompt, maxRetries: 0, abortSignal });
        metrics.addUsage(result.usage);
        if (result.finishReason === 'content-filter') throw new RefusalError('content filter');
        return result.output as z.infer<SCHEMA>;
      }
      let streamError: unknown;
      const result = streamText({
        model,
        output,
        instructions,
        prompt,
        maxRetries: 0,
        abortSignal,
        onError: ({ error }) => {
          streamError ??= error;
        },
      });
      for await (const partial of result.partialOutputStream) {
        onPartial(partial as DeepPartial<z.infer<SCHEMA>>);
      }
      if (streamError !== undefined) throw streamError;
      metrics.addUsage(await result.usage);
      if ((await result.finishReason) === 'content-filter') throw new RefusalError('content filter');
      return (await result.output) as z.infer<SCHEMA>;
    },
  });
}

/**
 * Streams markdown. Retries (429/503) happen before the first text arrives, so a failure to start throws an
 * LlmError from the first `next()`; a failure after text has been streamed ends the text with a visible note
 * (the words already sent cannot be taken back).
 */
export async function* streamMarkdown({ provider, call, instructions, prompt, settings, signal }: CallBase): AsyncGenerator<string> {
  const overall = new AbortController();
  const onCancel = () => overall.abort(new CancelledError());
  if (signal.aborted) onCancel();
  else signal.addEventListener('abort', onCancel, { once: true });
  try {
    const started = await callWithRetries({
      policy: settings.retry,
      timeoutMs: settings.timeoutMs,
      signal: overall.signal,
      providerLabel: provider.info.label,
      attempt: async (attemptSignal) => {
        const attemptStarted = performance.now();
        let streamError: unknown;
        const result = streamText({
          model: provider.modelFor(call),
          instructions,
          prompt,
          maxRetries: 0,
          // The attempt's signal stops at its deadline; `overall` keeps Cancel working after the first chunk.
          abortSignal: AbortSignal.any([attemptSignal, overall.signal]),
          onError: ({ error }) => {
            streamError ??= error;
          },
        });
        const iterator = result.textStream[Symbol.asyncIterator]();
        let first = await iterator.next();
        while (!first.done && first.value === '') first = await iterator.next();
        if (streamError !== undefined) throw streamError;
        if (first.done) {
          if ((await result.finishReason) === 'content-filter') throw new RefusalError('content filter');
          throw new MalformedOutputError('the answer was empty.');
        }
        return {
          first: first.value,
          iterator,
          error: () => streamError,
          finishReason: () => Promise.resolve(result.finishReason).catch(() => 'error'),
          deadline: attemptStarted + settings.timeoutMs,
        };
      },
    });
    yield started.first;
    for (;;) {
      let next: IteratorResult<string>;
      try {
        // One deadline for the whole answer, counted from the start of the call that produced it.
        const timeoutMs = Math.max(1, Math.round(started.deadline - performance.now()));
        next = await withDeadline({ run: () => started.iterator.next(), timeoutMs, limitMs: settings.timeoutMs, signal: overall.signal });
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        yield stoppedEarlyNote({ error, providerLabel: provider.info.label });
        return;
      }
      if (next.done) break;
      yield next.value;
    }
    const lateError = started.error() ?? ((await started.finishReason()) === 'content-filter' ? new RefusalError('content filter') : undefined);
    if (lateError !== undefined) yield stoppedEarlyNote({ error: lateError, providerLabel: provider.info.label });
  } finally {
    signal.removeEventListener('abort', onCancel);
    overall.abort(new CancelledError());
  }
}

function stoppedEarlyNote({ error, providerLabel }: { error: unknown; providerLabel: string }): string {
  const askError = error instanceof LlmError ? error.askError : toAskError({ error, providerLabel });
  return `\n\n> **The answer stopped early.** ${askError.message}\n`;
}
