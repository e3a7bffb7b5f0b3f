import { getAskDeps } from '@/lib/ask/server/ask-deps';
import { getViewer } from '@/lib/access/server/caller';
import { handleAnswer } from '@/lib/ask/server/route-handlers';
import { signedInOnly } from '@/lib/access/server/route-guard';
import { sameOriginOnly } from '@/lib/access/server/request-origin';

// Streams must not be cached or pre-rendered; each request reads the current configuration.
export const dynamic = 'force-dynamic';

/** POST an AnswerRequest → the answer as a text/markdown stream; `x-llm-provider` names the provider kind. */
export const POST = sameOriginOnly(
  signedInOnly(async (request: Request): Promise<Response> => {
    return handleAnswer({ request, deps: await getAskDeps({ viewer: await getViewer(), request }) });
  }),
);
