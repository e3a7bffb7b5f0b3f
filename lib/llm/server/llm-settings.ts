import 'server-only';
import type { LanguageModelUsage } from 'ai';
import type { Env } from '@/lib/core/server/env';
import type { LlmMetrics } from '../model-contract';
import type { RetryPolicy } from './llm-errors';
import type { TokenBudget } from './token-budget';

/** How LLM calls behave; from the environment in the routes, explicit in tests. */
export interface LlmSettings {
  /** Deadline of one call (streaming included). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Repairs allowed per question (the page stops asking after this many). */
  maxRepairAttempts: number;
  /**
   * The caller's daily token budgets, checked before and charged after every call of this request (lib/llm/server/llm-call.ts).
   * Absent: unmetered (the offline planner calls no one; unit tests of the pipeline).
   */
  budget?: TokenBudget;
}

export function llmSettingsFromEnv({ env }: { env: Env }): LlmSettings {
  return {
    timeoutMs: env.LLM_TIMEOUT_MS,
    retry: { maxRetries: env.LLM_MAX_RETRIES, baseDelayMs: 1000, maxDelayMs: 20_000 },
    maxRepairAttempts: env.MAX_REPAIR_ATTEMPTS,
  };
}

/** Counts the calls and tokens of one request; `snapshot()` is what the `plan` event carries. */
export interface MetricsRecorder {
  countCall(): void;
  addUsage(usage: LanguageModelUsage | undefined): void;
  snapshot(): LlmMetrics;
}

export function createMetrics({ now = () => performance.now() }: { now?: () => number } = {}): MetricsRecorder {
  const started = now();
  let llmCalls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  return {
    countCall: () => {
      llmCalls += 1;
    },
    addUsage: (usage) => {
      inputTokens += usage?.inputTokens ?? 0;
      outputTokens += usage?.outputTokens ?? 0;
    },
    snapshot: () => ({ llmCalls, inputTokens, outputTokens, generationMs: Math.round(now() - started) }),
  };
}
