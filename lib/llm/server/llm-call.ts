import 'server-only';
import { generateText, Output, streamText, type DeepPartial, type LanguageModelUsage } from 'ai';
import type { z } from 'zod';
import { CancelledError, callWithRetries, LlmError, MalformedOutputError, RefusalError, toAskError, withDeadline } from './llm-errors';
import type { LlmSettings, MetricsRecorder } from './llm-settings';
import type { AskProvider } from './providers';
import type { ModelCallContext } from '../model-call';
import { estimatedTokens, tokensOf, TokenBudgetError, type TokenBudget } from './token-budget';

/**
 * The two shapes of LLM call the pipeline makes, each under a deadline, with 429 backoff, usage accounting and
 * classified errors: a structured object (optionally streamed, for the code the page shows as it arrives) and a
 * markdown text stream (the answer). Both check the caller's daily token budget before the call and charge what the
 * provider reports after it (settings.budget).
 */

export type LlmProvider = Extract<AskProvider, { kind: 'llm' }>;

/** Refuses the call when a daily budget is spent (TokenBudgetError, answered 429); a store that fails refuses too. */
async function admitByBudget(budget: TokenBudget | undefined): Promise<void> {
  if (!budget) return;
  let refusal: Awaited<ReturnType<TokenBudget['check']>>;
  try {
    refusal = await budget.check();
  } catch (error) {
    // Failing closed: a budget nobody can read is not a reason to spend without one.
    console.error('Checking the LLM token budget failed', error);
    throw new LlmError(
      { code: 'token_budget', message: 'The daily LLM budget could not be checked (its database did not answer). Try again in a moment.', retryable: true },
      { cause: error },
    );
  }
  if (refusal) throw new TokenBudgetError(refusal);
}

/** Charges a finished call; a store failure is logged, not turned into a failed answer the analyst already has. */
async function charge(budget: TokenBudget | undefined, tokens: number): Promise<void> {
  if (!budget) return;
  await budget.charge(tokens).catch((error: unknown) => console.error('Charging LLM tokens to the daily budget failed', error));
}

/** The usage a stream reports once it has ended, or undefined if it never does (aborted, failed) within a moment. */
async function settledUsage(usage: PromiseLike<LanguageModelUsage>): Promise<LanguageModelUsage | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 2000);
  });
  try {
    return await Promise.race([Promise.resolve(usage).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

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
  await admitByBudget(settings.budget);
  const sent = `${instructions}${prompt}`;
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
        await charge(settings.budget, tokensOf(result.usage));
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
      let received = '';
      try {
        for await (const partial of result.partialOutputStream) {
          received = JSON.stringify(partial);
          onPartial(partial as DeepPartial<z.infer<SCHEMA>>);
        }
      } catch (error) {
        // Cut off (deadline, Cancel) or failed mid-stream: what was sent and streamed still cost tokens.
        await charge(settings.budget, estimatedTokens({ sent, received }));
        throw error;
      }
      if (streamError !== undefined) {
        await charge(settings.budget, estimatedTokens({ sent, received }));
        throw streamError;
      }
      const usage = await result.usage;
      metrics.addUsage(usage);
      await charge(settings.budget, tokensOf(usage));
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
  await admitByBudget(settings.budget);
  const overall = new AbortController();
  const onCancel = () => overall.abort(new CancelledError());
  if (signal.aborted) onCancel();
  else signal.addEventListener('abort', onCancel, { once: true });
  // Set once a call has started streaming: what is charged when the answer ends, however it ends.
  let startedUsage: (() => PromiseLike<LanguageModelUsage>) | undefined;
  let received = '';
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
          usage: () => result.usage,
        };
      },
    });
    startedUsage = started.usage;
    received = started.first;
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
      received += next.value;
      yield next.value;
    }
    const lateError = started.error() ?? ((await started.finishReason()) === 'content-filter' ? new RefusalError('content filter') : undefined);
    if (lateError !== undefined) yield stoppedEarlyNote({ error: lateError, providerLabel: provider.info.label });
  } finally {
    signal.removeEventListener('abort', onCancel);
    overall.abort(new CancelledError());
    if (startedUsage) {
      const usage = await settledUsage(startedUsage());
      await charge(settings.budget, usage ? tokensOf(usage) : estimatedTokens({ sent: `${instructions}${prompt}`, received }));
    }
  }
}

function stoppedEarlyNote({ error, providerLabel }: { error: unknown; providerLabel: string }): string {
  const askError = error instanceof LlmError ? error.askError : toAskError({ error, providerLabel });
  return `\n\n> **The answer stopped early.** ${askError.message}\n`;
}
