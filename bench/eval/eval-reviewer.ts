/**
 * The reviewer the eval measures: the configured REVIEW_MODEL when a key or endpoint makes it real (the same switch
 * as the routes, lib/answer/server/review-provider.ts); otherwise a scripted reviewer that agrees with every answer, so CI runs
 * the review path itself (prompt, structured output, zod check, cost) and the table shows what a reviewer adds on
 * top of the checks — nothing, for this one; a real model's figures replace it when configured.
 */
import { llmSettingsFromEnv } from '@/lib/llm/server/llm-settings';
import type { LlmProvider } from '@/lib/llm/server/llm-call';
import { reviewAnswer } from '@/lib/answer/server/review-answer';
import { createReviewer } from '@/lib/answer/server/review-provider';
import { createScriptedModel } from '@/lib/llm/testing/scripted-model';
import { getEnv } from '@/lib/core/server/env';
import type { EvalReviewer } from './guard-eval';

const AGREE = { verdict: 'answers', reasons: ['Scripted reviewer: agrees with every answer.'], mismatch: '' };

function scriptedAgreeing(): LlmProvider {
  return {
    kind: 'llm',
    info: { kind: 'scripted', model: 'scripted-agree', label: 'scripted, always agrees' },
    modelFor: () => createScriptedModel({ next: () => ({ respond: AGREE }) }),
  };
}

export function evalReviewer(): { label: string; review: EvalReviewer } {
  const env = getEnv();
  const real = createReviewer({ env });
  const provider = real ?? scriptedAgreeing();
  const settings = { ...llmSettingsFromEnv({ env }), timeoutMs: env.REVIEW_TIMEOUT_MS };
  return {
    label: real ? real.info.model : 'scripted, always agrees',
    review: async ({ question, code, outputs, failedChecks }) => {
      const { review } = await reviewAnswer({
        request: {
          question,
          code: code.slice(0, 20_000),
          outputs: outputs.slice(0, 30_000),
          failedChecks: failedChecks.slice(0, 10).map((check) => check.slice(0, 700)),
        },
        reviewer: provider,
        settings,
        signal: AbortSignal.timeout(settings.timeoutMs * 2),
      });
      if (review?.status !== 'reviewed') return null;
      return review.verdict.verdict !== 'answers';
    },
  };
}
