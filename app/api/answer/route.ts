import { getAskDeps } from '@/lib/ai/ask-deps';
import { handleAnswer } from '@/lib/ai/route-handlers';

// Streams must not be cached or pre-rendered; each request reads the current configuration.
export const dynamic = 'force-dynamic';

/** POST an AnswerRequest → the answer as a text/markdown stream; `x-llm-provider` names the provider kind. */
export async function POST(request: Request): Promise<Response> {
  return handleAnswer({ request, deps: getAskDeps() });
}
