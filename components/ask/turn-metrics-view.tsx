'use client';

import type { TurnMetrics } from '@/lib/ask/turn-state';

/** Per-question costs, kept with the analysis: LLM calls and tokens, and where the time went. */
export function TurnMetricsView({ metrics }: { metrics: TurnMetrics }) {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
  return (
    <p data-testid="turn-metrics" data-llm-calls={metrics.llmCalls} className="text-xs text-slate-500">
      {metrics.llmCalls} LLM call{metrics.llmCalls === 1 ? '' : 's'} · {metrics.inputTokens.toLocaleString()} in / {metrics.outputTokens.toLocaleString()} out
      tokens · generation {seconds(metrics.generationMs)} · data {seconds(metrics.fetchMs)} · run {seconds(metrics.runMs)}
      {metrics.repairAttempts > 0 ? ` · ${metrics.repairAttempts} repair${metrics.repairAttempts === 1 ? '' : 's'}` : ''}
      {metrics.answerMs > 0 ? ` · answer ${seconds(metrics.answerMs)}` : ''}
    </p>
  );
}
