import 'server-only';
import type { DatasetBrief, GeneratedCode, RepairedCode, RepairRequest } from '../contracts';
import { repairedCodeSchema } from '../contracts';
import { streamCode } from './code-call';
import { classifyFailure, fixNearMissColumn } from '../classify-error';
import { missingColumnNames } from '@/lib/files/column-match';
import { callStructured } from '@/lib/llm/server/llm-call';
import { LlmError, MalformedOutputError, toAskError } from '@/lib/llm/server/llm-errors';
import type { LlmSettings, MetricsRecorder } from '@/lib/llm/server/llm-settings';
import { repairSystemPrompt, repairUserPrompt } from './prompts';
import type { AskProvider } from '@/lib/llm/server/providers';
import { shortText } from '@/lib/text/cut-text';

/**
 * One repair of failed code. A near-miss column name is fixed locally (zero LLM calls, any provider) unless that
 * exact code already failed; otherwise one LLM call sees the classified error, the traceback, every earlier attempt
 * and the real column names. The offline planner cannot repair: it says so with the error and what to do.
 */

export type RepairOutcome = RepairedCode & { fixedBy: 'local' | 'llm' };

/** What a local fix produces: the figure count is read off the code, since no model described it. */
function inferExpects({ code }: { code: string }): GeneratedCode['expects'] {
  const figures = (code.match(/\bplt\.(?:figure|subplots)\s*\(|\.plot\s*\(|\bsns\.\w+plot\s*\(|\.hist\s*\(/g) ?? []).length;
  return { figures: Math.min(10, figures), table: /\bresult\s*=/.test(code) };
}

export async function repairCode({
  request,
  briefs,
  provider,
  settings,
  signal,
  metrics,
  onCode,
}: {
  request: RepairRequest;
  briefs: DatasetBrief[];
  provider: AskProvider;
  settings: LlmSettings;
  signal: AbortSignal;
  metrics: MetricsRecorder;
  onCode: (code: string) => void;
}): Promise<RepairOutcome> {
  const last = request.attempts.at(-1);
  if (!last) throw new LlmError({ code: 'bad_request', message: 'A repair needs the failed attempt.', retryable: false });
  const classified = classifyFailure({ status: last.status, error: last.error, datasets: briefs });
  const triedCodes = new Set(request.attempts.map((attempt) => attempt.code.trim()));

  const local = fixNearMissColumn({ code: last.code, classified, datasets: briefs });
  if (local !== null && !triedCodes.has(local.trim())) {
    const names = missingColumnNames({ error: last.error })
      .map((entry) => JSON.stringify(entry.name))
      .join(', ');
    onCode(local);
    return {
      plan: 'The same analysis, with the column name corrected.',
      code: local,
      expects: inferExpects({ code: local }),
      change: `Replaced the misspelled column ${names} with the real column name (fixed locally, no LLM call). ${classified.suggestion ?? ''}`.trim(),
      fixedBy: 'local',
    };
  }

  if (provider.kind === 'offline') {
    throw new LlmError({
      code: 'no_plan',
      message:
        `The offline planner cannot repair code. The run failed with ${last.error.type}: ${shortText(last.error.message, 300)}` +
        `${classified.suggestion ? ` (${shortText(classified.suggestion, 600)})` : ''}. ` +
        'Edit the code and run it again, rephrase the question, or configure an LLM (GOOGLE_GENERATIVE_AI_API_KEY or OPENAI_COMPATIBLE_BASE_URL) for automatic repairs.',
      retryable: false,
    });
  }
  if (request.attempts.length > settings.maxRepairAttempts) {
    throw new LlmError({
      code: 'bad_request',
      message: `The repair limit (${settings.maxRepairAttempts}) is reached for this question. Edit the code yourself or ask again.`,
      retryable: false,
    });
  }

  const repaired = await callStructured({
    provider,
    call: {
      task: 'repair',
      question: request.question,
      lastError: `${last.error.type}: ${last.error.message}`,
      attempt: request.attempts.length,
    },
    schema: repairedCodeSchema,
    instructions: repairSystemPrompt(),
    prompt: repairUserPrompt({
      question: request.question,
      briefs,
      attempts: request.attempts,
      classified,
      history: request.history,
      maxRepairAttempts: settings.maxRepairAttempts,
    }),
    settings,
    signal,
    metrics,
    onPartial: streamCode(onCode),
  });
  const problem = !repaired.code.trim()
    ? 'the repaired code was empty.'
    : repaired.code.trim() === last.code.trim()
      ? 'the "repaired" code is identical to the code that failed.'
      : null;
  if (problem) throw new LlmError(toAskError({ error: new MalformedOutputError(problem), providerLabel: provider.info.label }));
  return { ...repaired, fixedBy: 'llm' };
}
