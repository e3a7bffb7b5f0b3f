import 'server-only';
import { createGoogle } from '@ai-sdk/google';
import { openAiCompatibleModel } from '@/lib/llm/server/providers';
import { getEnv, type Env } from '@/lib/core/server/env';
import type { LlmProvider } from '@/lib/llm/server/llm-call';

/**
 * The reviewer model (REVIEW_MODEL), chosen like the generator (lib/llm/server/providers.ts): a model id on the configured
 * provider, or `gemini:<model>` / `openai-compatible:<model>` to pick one. null when no reviewer is configured, or
 * when REVIEW_MODEL names a provider with no key or endpoint (the reason is logged once: the analyst sees answers
 * without reviews, not an error).
 */
export function createReviewer({ env }: { env: Env }): LlmProvider | null {
  const wanted = env.REVIEW_MODEL;
  if (!wanted) return null;
  if (env.AI_PROVIDER === 'offline') return null;
  const prefixed = /^(gemini|openai-compatible):(.+)$/.exec(wanted);
  const kind = prefixed?.[1] ?? (env.OPENAI_COMPATIBLE_BASE_URL ? 'openai-compatible' : 'gemini');
  const modelId = prefixed?.[2] ?? wanted;
  if (kind === 'openai-compatible') {
    if (!env.OPENAI_COMPATIBLE_BASE_URL) return unavailable({ wanted, why: 'OPENAI_COMPATIBLE_BASE_URL is not set' });
    const model = openAiCompatibleModel({ baseURL: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY, modelId });
    return { kind: 'llm', info: { kind: 'openai-compatible', model: modelId, label: `${modelId} (reviewer)` }, modelFor: () => model };
  }
  if (!env.GOOGLE_GENERATIVE_AI_API_KEY) return unavailable({ wanted, why: 'GOOGLE_GENERATIVE_AI_API_KEY is not set' });
  const model = createGoogle({ apiKey: env.GOOGLE_GENERATIVE_AI_API_KEY })(modelId);
  return { kind: 'llm', info: { kind: 'gemini', model: modelId, label: `Gemini (${modelId}, reviewer)` }, modelFor: () => model };
}

let warned = false;
function unavailable({ wanted, why }: { wanted: string; why: string }): null {
  if (!warned) console.warn(`REVIEW_MODEL=${wanted} is ignored: ${why}. Answers are not reviewed.`);
  warned = true;
  return null;
}

let memoised: { env: Env; reviewer: LlmProvider | null } | undefined;

/** The configured reviewer (re-created when the parsed environment changes, as getProvider does). */
export function getReviewer(): LlmProvider | null {
  const env = getEnv();
  if (memoised?.env !== env) memoised = { env, reviewer: createReviewer({ env }) };
  return memoised.reviewer;
}
