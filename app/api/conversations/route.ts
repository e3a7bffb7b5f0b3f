import { handleContinueAnalysis, handleListConversations } from '@/lib/conversations/server/conversation-routes';
import { getViewer } from '@/lib/access/server/caller';
import { signedInOnly } from '@/lib/access/server/route-guard';
import { sameOriginOnly } from '@/lib/access/server/request-origin';
import { getStorage } from '@/lib/storage/server';

// Per-owner data: never cached or pre-rendered.
export const dynamic = 'force-dynamic';

/** The caller's recent conversations (lib/conversations/server/conversation-routes.ts). */
export const GET = signedInOnly(
  async (): Promise<Response> => handleListConversations({ storage: getStorage(), ownerHash: async () => (await getViewer()).ownerHash }),
);

/** `{ fromAnalysis }`: a new conversation seeded from the caller's own saved analysis ("Continue in workspace"). */
export const POST = sameOriginOnly(
  signedInOnly(
    async (request: Request): Promise<Response> =>
      handleContinueAnalysis({ request, storage: getStorage(), ownerHash: async () => (await getViewer()).ownerHash }),
  ),
);
