import 'server-only';
import type { AnswerRequest } from '../answer-request';
import { streamMarkdown } from '@/lib/llm/server/llm-call';
import type { LlmSettings } from '@/lib/llm/server/llm-settings';
import { offlineAnswer } from '../offline-answer';
import { answerSystemPrompt, answerUserPrompt } from './answer-prompts';
import type { AskProvider } from '@/lib/llm/server/providers';

/**
 * The answer as markdown chunks: one streamed LLM call citing the outputs, or the offline provider's deterministic
 * summary. A failure before any text throws LlmError from the first `next()` (the route turns it into an HTTP error);
 * later failures end the text with a note.
 */
export async function* streamAnswer({
  request,
  provider,
  settings,
  signal,
}: {
  request: AnswerRequest;
  provider: AskProvider;
  settings: LlmSettings;
  signal: AbortSignal;
}): AsyncGenerator<string> {
  if (provider.kind === 'offline') {
    yield offlineAnswer({ request });
    return;
  }
  yield* streamMarkdown({
    provider,
    call: { task: 'answer', question: request.question },
    instructions: answerSystemPrompt(),
    prompt: answerUserPrompt({ request }),
    settings,
    signal,
  });
}
