import 'server-only';
import type { DatasetBrief, GeneratedCode, Preset, TurnSummary } from '../contracts';
import { generatedCodeSchema } from '../contracts';
import { streamCode } from './code-call';
import { callStructured } from '@/lib/llm/server/llm-call';
import { LlmError, MalformedOutputError, toAskError } from '@/lib/llm/server/llm-errors';
import type { LlmSettings, MetricsRecorder } from '@/lib/llm/server/llm-settings';
import { generateSystemPrompt, generateUserPrompt } from './prompts';
import type { AskProvider } from '@/lib/llm/server/providers';

/**
 * The code for a question: one structured-output call, streamed so the page shows the code as it arrives
 * (`onCode` receives the whole code so far, each time it grows). The offline provider asks the offline planner.
 */

export type OfflinePlanResult = { ok: true; generated: GeneratedCode; intent: unknown } | { ok: false; message: string; suggestions: string[] };

export type OfflinePlanner = (args: {
  question: string;
  datasets: DatasetBrief[];
  preset?: Preset;
  history?: TurnSummary[];
}) => OfflinePlanResult | Promise<OfflinePlanResult>;

export async function generateCode({
  question,
  briefs,
  history,
  preset,
  provider,
  settings,
  signal,
  metrics,
  planOffline,
  onCode,
  guidance,
}: {
  question: string;
  briefs: DatasetBrief[];
  history: TurnSummary[];
  preset?: Preset;
  provider: AskProvider;
  settings: LlmSettings;
  signal: AbortSignal;
  metrics: MetricsRecorder;
  planOffline: OfflinePlanner;
  onCode: (code: string) => void;
  /** The reviewer's plan for a broad request; the model is told to follow it (the offline planner has its own). */
  guidance?: string[];
}): Promise<GeneratedCode> {
  if (provider.kind === 'offline') {
    const planned = await planOffline({ question, datasets: briefs, ...(preset ? { preset } : {}), history });
    if (!planned.ok) {
      const ideas = planned.suggestions.length > 0 ? ` Questions it can answer: ${planned.suggestions.map((idea) => `“${idea}”`).join(', ')}.` : '';
      throw new LlmError({ code: 'no_plan', message: `${planned.message}${ideas}`, retryable: false });
    }
    onCode(planned.generated.code);
    return planned.generated;
  }

  const generated = await callStructured({
    provider,
    call: { task: 'generate', question },
    schema: generatedCodeSchema,
    instructions: generateSystemPrompt(),
    prompt: generateUserPrompt({ question, briefs, history, ...(preset ? { preset } : {}), ...(guidance ? { guidance } : {}) }),
    settings,
    signal,
    metrics,
    onPartial: streamCode(onCode),
  });
  if (!generated.code.trim()) {
    throw new LlmError(toAskError({ error: new MalformedOutputError('the code was empty.'), providerLabel: provider.info.label }));
  }
  return generated;
}
