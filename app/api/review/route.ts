import { getAskDeps } from '@/lib/ask/server/ask-deps';
import { handleReview } from '@/lib/ask/server/review-route';
import { getViewer } from '@/lib/access/server/caller';
import { signedInOnly } from '@/lib/access/server/route-guard';
import { sameOriginOnly } from '@/lib/access/server/request-origin';

export const dynamic = 'force-dynamic';

/** POST a ReviewRequest → `{ review, cost }` (lib/answer/review-contract.ts); `review` is null without REVIEW_MODEL. */
export const POST = sameOriginOnly(
  signedInOnly(async (request: Request): Promise<Response> => {
    return handleReview({ request, deps: await getAskDeps({ viewer: await getViewer(), request }) });
  }),
);
