import 'server-only';
import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';

/**
 * Scripted language models: deterministic responses served through the AI SDK's own MockLanguageModelV4, so the
 * real code paths (structured-output parsing, partial-output streaming, usage accounting, error handling) run in
 * unit tests and in the Playwright suite (AI_PROVIDER=scripted). One response per model call.
 */

export const scriptedFailureSchema = z
  .enum(['quota', 'overloaded', 'network', 'refusal', 'hang'])
  .describe(
    'Instead of responding: quota = HTTP 429, overloaded = HTTP 503, network = connection refused, ' +
      'refusal = stream ends with the content-filter finish reason, hang = never answers (until the call times out or is cancelled).',
  );

/** The fields of one scripted response (also the response part of a script-file rule). */
export const scriptedResponseFields = {
  /** An object is sent as its JSON text; a string is sent verbatim (so "not json" or "" test malformed output). */
  respond: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  fail: scriptedFailureSchema.optional(),
  /** Wait before the first chunk. Default 0. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Wait between streamed chunks. Default 0. */
  chunkDelayMs: z.number().int().min(0).max(10_000).optional(),
  /** Characters per streamed chunk. Default 40. */
  chunkChars: z.number().int().min(1).max(100_000).optional(),
};

export const scriptedResponseSchema = z
  .object(scriptedResponseFields)
  .refine((value) => value.respond !== undefined || value.fail !== undefined, 'a response needs `respond` or `fail`');
export type ScriptedResponse = z.infer<typeof scriptedResponseSchema>;

const tokenEstimate = (text: string) => Math.ceil(text.length / 4);

function usageOf({ input, output }: { input: string; output: string }) {
  return {
    inputTokens: { total: tokenEstimate(input), noCache: tokenEstimate(input), cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: tokenEstimate(output), text: tokenEstimate(output), reasoning: undefined },
  };
}

type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];

function promptText(options: CallOptions): string {
  return options.prompt
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
    )
    .join('\n');
}

function responseText(response: ScriptedResponse): string {
  if (response.respond === undefined) return '';
  return typeof response.respond === 'string' ? response.respond : JSON.stringify(response.respond);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // The listener goes when the timer fires: a streamed response sleeps once per chunk on the same signal.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError')), { once: true });
  });
}

function failure(kind: 'quota' | 'overloaded' | 'network'): Error {
  if (kind === 'network') {
    return new APICallError({
      message: 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:9',
      url: 'scripted://model',
      requestBodyValues: {},
      isRetryable: true,
    });
  }
  const statusCode = kind === 'quota' ? 429 : 503;
  return new APICallError({
    message: kind === 'quota' ? 'Resource has been exhausted (e.g. check quota).' : 'The model is overloaded. Please try again later.',
    url: 'scripted://model',
    requestBodyValues: {},
    statusCode,
    responseHeaders: {},
    isRetryable: true,
  });
}

/**
 * A MockLanguageModelV4 that answers its calls from `next(callIndex, promptText)`: the provider passes the rule
 * matched for this call; tests pass a list consumed in order.
 */
export function createScriptedModel({
  next,
  modelId = 'scripted',
}: {
  next: (args: { call: number; prompt: string }) => ScriptedResponse;
  modelId?: string;
}): MockLanguageModelV4 {
  let calls = 0;
  /** What both kinds of call do first: take the next response, wait out its delay, and fail the ways that send nothing. */
  const begin = async (options: CallOptions): Promise<{ prompt: string; response: ScriptedResponse }> => {
    const prompt = promptText(options);
    const response = next({ call: calls++, prompt });
    await sleep(response.delayMs ?? 0, options.abortSignal);
    if (response.fail === 'hang') return hang(options.abortSignal);
    if (response.fail === 'quota' || response.fail === 'overloaded' || response.fail === 'network') throw failure(response.fail);
    return { prompt, response };
  };
  const model: MockLanguageModelV4 = new MockLanguageModelV4({
    provider: 'scripted',
    modelId,
    doGenerate: async (options) => {
      const { prompt, response } = await begin(options);
      const text = responseText(response);
      return {
        content: text ? [{ type: 'text', text }] : [],
        finishReason: { unified: response.fail === 'refusal' ? 'content-filter' : 'stop', raw: undefined },
        usage: usageOf({ input: prompt, output: text }),
        warnings: [],
      };
    },
    doStream: async (options) => {
      const { prompt, response } = await begin(options);
      const text = response.fail === 'refusal' ? '' : responseText(response);
      const size = response.chunkChars ?? 40;
      const pieces: string[] = [];
      for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
      const chunkDelayMs = response.chunkDelayMs ?? 0;
      const signal = options.abortSignal;
      const stream = new ReadableStream({
        async start(controller) {
          try {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: 'text-1' });
            for (const delta of pieces) {
              await sleep(chunkDelayMs, signal);
              controller.enqueue({ type: 'text-delta', id: 'text-1', delta });
            }
            controller.enqueue({ type: 'text-end', id: 'text-1' });
            controller.enqueue({
              type: 'finish',
              finishReason: { unified: response.fail === 'refusal' ? 'content-filter' : 'stop', raw: undefined },
              usage: usageOf({ input: prompt, output: text }),
            });
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return { stream };
    },
  });
  return model;
}
