import 'server-only';
import { createGoogle } from '@ai-sdk/google';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { getEnv, type Env } from '@/lib/core/server/env';
import type { ProviderInfo } from '../model-contract';
import type { ModelCallContext } from '../model-call';

/**
 * The one place that chooses the model (see lib/core/server/env.ts for the knobs):
 * - AI_PROVIDER=offline, or no endpoint and no key: the offline planner (no LLM at all);
 * - OPENAI_COMPATIBLE_BASE_URL set: that endpoint (Ollama, vLLM…). It wins over a Gemini key because it is this
 *   app's own setting, while GOOGLE_GENERATIVE_AI_API_KEY is often exported globally in a shell;
 * - GOOGLE_GENERATIVE_AI_API_KEY set: Gemini (AI_MODEL, default gemini-3.8-flash).
 * There is no test model here: the Playwright suite runs the OpenAI-compatible provider against a scripted loopback
 * server (e2e/support/llm-server/), and unit tests pass scripted providers of their own (lib/llm/testing/).
 */
export type AskProvider =
  | { kind: 'offline'; info: ProviderInfo }
  | {
      kind: 'llm';
      info: ProviderInfo;
      /** The model for one call (every configured provider uses one model for all; unit tests script per task). */
      modelFor: (call: ModelCallContext) => LanguageModel;
    };

/** A chat model of an OpenAI-compatible endpoint (Ollama, vLLM…), as the generator and the reviewer use it. */
export function openAiCompatibleModel({ baseURL, apiKey, modelId }: { baseURL: string; apiKey: string | undefined; modelId: string }) {
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL,
    ...(apiKey ? { apiKey } : {}),
    includeUsage: true,
    // Ollama (≥ 0.5) and vLLM honour `response_format: json_schema`; without it the model would only be asked for
    // "some JSON" and the schema would live in the prompt alone.
    supportsStructuredOutputs: true,
  }).chatModel(modelId);
}

export function createProvider({ env }: { env: Env }): AskProvider {
  if (env.AI_PROVIDER === 'offline') {
    return { kind: 'offline', info: { kind: 'offline', model: 'offline-planner', label: 'Offline planner (AI_PROVIDER=offline)' } };
  }
  if (env.OPENAI_COMPATIBLE_BASE_URL && env.OPENAI_COMPATIBLE_MODEL) {
    const modelId = env.OPENAI_COMPATIBLE_MODEL;
    const model = openAiCompatibleModel({ baseURL: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY, modelId });
    const host = safeHost(env.OPENAI_COMPATIBLE_BASE_URL);
    return {
      kind: 'llm',
      info: { kind: 'openai-compatible', model: modelId, label: `${modelId} at ${host}` },
      modelFor: () => model,
    };
  }
  if (env.GOOGLE_GENERATIVE_AI_API_KEY) {
    const google = createGoogle({ apiKey: env.GOOGLE_GENERATIVE_AI_API_KEY });
    const model = google(env.AI_MODEL);
    return { kind: 'llm', info: { kind: 'gemini', model: env.AI_MODEL, label: `Gemini (${env.AI_MODEL})` }, modelFor: () => model };
  }
  return {
    kind: 'offline',
    info: { kind: 'offline', model: 'offline-planner', label: 'Offline planner — no API key set' },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured endpoint';
  }
}

let memoised: { env: Env; provider: AskProvider } | undefined;

/** The configured provider (re-created when the parsed environment changes, i.e. after resetEnvCache() in tests). */
export function getProvider(): AskProvider {
  const env = getEnv();
  if (memoised?.env !== env) memoised = { env, provider: createProvider({ env }) };
  return memoised.provider;
}
