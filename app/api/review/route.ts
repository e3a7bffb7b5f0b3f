import { getAskDeps } from '@/lib/ai/ask-deps';
import { handleReview } from '@/lib/ai/review-route';
import { getViewer } from '@/lib/identity/caller';
import { signedInOnly } from '@/lib/identity/route-guard';
import { sameOriginOnly } from '@/lib/security/request-origin';

export const dynamic = 'force-dynamic';

/** POST a ReviewRequest → `{ review, cost }` (lib/ai/review-contract.ts); `review` is null without REVIEW_MODEL. */
export const POST = sameOriginOnly(
  signedInOnly(async (request: Request): Promise<Response> => {
    return handleReview({ request, deps: await getAskDeps({ viewer: await getViewer(), request }) });
  }),
);
