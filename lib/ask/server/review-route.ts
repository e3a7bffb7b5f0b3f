import 'server-only';
import { reviewAnswer } from '@/lib/answer/server/review-answer';
import { reviewRequestSchema } from '@/lib/answer/review-contract';
import { abortWithRequest, admit, type RouteDeps } from './route-handlers';

/**
 * The body of /api/review: a ReviewRequest in, `{ review, cost }` out as JSON (lib/answer/review-contract.ts). `review`
 * is null when no reviewer is configured; a reviewer that times out or answers nonsense gives "unreviewed", never an
 * HTTP error, so the page can always show the answer.
 */
export async function handleReview({ request, deps }: { request: Request; deps: RouteDeps }): Promise<Response> {
  const admitted = await admit({ request, deps, schema: reviewRequestSchema });
  if (!admitted.ok) return admitted.response;
  const { controller, release } = abortWithRequest({ request });
  try {
    const body = await reviewAnswer({
      request: admitted.data,
      reviewer: deps.reviewer?.provider ?? null,
      settings: deps.reviewer?.settings ?? deps.settings,
      signal: controller.signal,
    });
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch {
    // Only a Cancel gets here (the client went away): nobody reads the response.
    return new Response(null, { status: 499 });
  } finally {
    release();
  }
}
