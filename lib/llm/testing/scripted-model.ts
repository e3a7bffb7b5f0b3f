import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { promptText, type PromptText } from './prompt-call';
import { responseChunks, responseText, scriptedHang, scriptedTokens, scriptedWait, type ScriptedResponse } from './script-file';

/**
 * Scripted language models for unit tests: deterministic responses served through the AI SDK's own
 * MockLanguageModelV4, so the real code paths (structured-output parsing, partial-output streaming, usage accounting,
 * error handling) run without a network. One response per model call. The Playwright suite and the bench use the
 * same script responses over HTTP instead (e2e/support/llm-server/), through the app's real OpenAI-compatible provider.
 */

function usageOf({ input, output }: { input: string; output: string }) {
  return {
    inputTokens: { total: scriptedTokens(input), noCache: scriptedTokens(input), cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: scriptedTokens(output), text: scriptedTokens(output), reasoning: undefined },
  };
}

type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];

function promptOf(options: CallOptions): PromptText {
  return promptText(
    options.prompt.map((message) => ({
      role: message.role,
      text:
        typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
    })),
  );
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
 * A MockLanguageModelV4 that answers each call with `next(…)`: a queue consumed in order (./scripted-provider.ts), or
 * the script-file rule the call's prompt matches (./script-file-provider.ts).
 */
export function createScriptedModel({
  next,
  modelId = 'scripted',
}: {
  /** `jsonSchema`: the structured output's JSON schema, undefined for a text call. */
  next: (args: { call: number; prompt: PromptText; jsonSchema: unknown }) => ScriptedResponse;
  modelId?: string;
}): MockLanguageModelV4 {
  let calls = 0;
  /** What both kinds of call do first: take the next response, wait out its delay, and fail the ways that send nothing. */
  const begin = async (options: CallOptions): Promise<{ prompt: string; response: ScriptedResponse }> => {
    const prompt = promptOf(options);
    const jsonSchema = options.responseFormat?.type === 'json' ? options.responseFormat.schema : undefined;
    const response = next({ call: calls++, prompt, jsonSchema });
    await scriptedWait(response.delayMs ?? 0, options.abortSignal);
    if (response.fail === 'hang') return scriptedHang(options.abortSignal);
    if (response.fail === 'quota' || response.fail === 'overloaded' || response.fail === 'network') throw failure(response.fail);
    return { prompt: prompt.all, response };
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
      const pieces = responseChunks(response);
      const text = pieces.join('');
      const chunkDelayMs = response.chunkDelayMs ?? 0;
      const signal = options.abortSignal;
      const stream = new ReadableStream({
        async start(controller) {
          try {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: 'text-1' });
            for (const delta of pieces) {
              await scriptedWait(chunkDelayMs, signal);
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
