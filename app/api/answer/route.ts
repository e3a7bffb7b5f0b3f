import { getAskDeps } from '@/lib/ai/ask-deps';
import { getViewer } from '@/lib/identity/caller';
import { handleAnswer } from '@/lib/ai/route-handlers';
import { signedInOnly } from '@/lib/identity/route-guard';
import { sameOriginOnly } from '@/lib/security/request-origin';

// Streams must not be cached or pre-rendered; each request reads the current configuration.
export const dynamic = 'force-dynamic';

/** POST an AnswerRequest → the answer as a text/markdown stream; `x-llm-provider` names the provider kind. */
export const POST = sameOriginOnly(
  signedInOnly(async (request: Request): Promise<Response> => {
    return handleAnswer({ request, deps: await getAskDeps({ viewer: await getViewer(), request }) });
  }),
);
