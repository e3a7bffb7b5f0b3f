/**
 * Code for a question through the product's generate step (lib/ask/server/generate-code.ts): the offline planner by
 * default; the configured model when GOOGLE_GENERATIVE_AI_API_KEY or OPENAI_COMPATIBLE_BASE_URL is set (the same
 * switch the routes use, lib/llm/server/providers.ts), so an operator can measure a model on the same set.
 */
import type { DatasetBrief } from '@/lib/ask/contracts';
import { generateCode } from '@/lib/ask/server/generate-code';
import { LlmError } from '@/lib/llm/server/llm-errors';
import { createMetrics, llmSettingsFromEnv } from '@/lib/llm/server/llm-settings';
import { planOffline } from '@/lib/planner/plan-offline';
import { createProvider, type AskProvider } from '@/lib/llm/server/providers';
import { getEnv } from '@/lib/core/server/env';

export type Planned =
  | { status: 'planned'; plan: string; code: string }
  | { status: 'declined'; message: string }
  /** The provider failed (timeout, quota, malformed output): neither an answer nor an honest refusal. */
  | { status: 'failed'; message: string };

export function evalProvider(): AskProvider {
  return createProvider({ env: getEnv() });
}

export async function planQuestion({
  question,
  history = [],
  brief,
  provider,
}: {
  question: string;
  history?: string[];
  brief: DatasetBrief;
  provider: AskProvider;
}): Promise<Planned> {
  const env = getEnv();
  try {
    const generated = await generateCode({
      question,
      briefs: [brief],
      // Earlier turns as the Ask flow sends them; the outputs are not needed to read a follow-up.
      history: history.map((earlier) => ({ question: earlier, code: '', status: 'ok' as const, outputSummary: '' })),
      provider,
      settings: llmSettingsFromEnv({ env }),
      signal: AbortSignal.timeout(env.LLM_TIMEOUT_MS * 2),
      metrics: createMetrics(),
      planOffline,
      onCode: () => {},
    });
    return { status: 'planned', plan: generated.plan, code: generated.code };
  } catch (error) {
    // The offline planner's refusal ("no_plan") is an honest answer; a model/provider failure is reported as such.
    if (error instanceof LlmError) {
      const declined = error.askError.code === 'no_plan' || error.askError.code === 'llm_refusal';
      return { status: declined ? 'declined' : 'failed', message: `${error.askError.code}: ${error.askError.message}` };
    }
    throw error;
  }
}
