import { handleSaveAnalysis } from '@/lib/share/server/analysis-routes';
import { getEnv } from '@/lib/core/server/env';
import { getStorage } from '@/lib/storage/server';
import { getOwner } from '@/lib/access/server/caller';
import { signedInOnly } from '@/lib/access/server/route-guard';
import { configuredPublicOrigin, sameOriginOnly } from '@/lib/access/server/request-origin';

// Each save writes new objects and may set the owner cookie: never cached or pre-rendered.
export const dynamic = 'force-dynamic';

/**
 * POST a SaveAnalysisInput (lib/share/save-input.ts) as JSON → 201 `{ ok: true, id, url: '/a/<id>', embedUrl:
 * '/embed/<id>' }`, or `{ ok: false, code, message, retryable }` with 400/403/404/413/415/503.
 */
export const POST = sameOriginOnly(
  signedInOnly(async (request: Request): Promise<Response> => {
    return handleSaveAnalysis({
      request,
      storage: getStorage(),
      // The saver becomes the owner (the cookie is created only once the body is valid: see handleSaveAnalysis).
      ownerHash: async () => (await getOwner()).ownerHash,
      maxBodyBytes: Math.floor(getEnv().ANALYSIS_MAX_SAVE_MB * 1024 * 1024),
      publicOrigin: configuredPublicOrigin(getEnv()),
    });
  }),
);
