import { handleDeleteConversation, handleGetConversation, handleSaveConversation } from '@/lib/conversations/server/conversation-routes';
import { getEnv } from '@/lib/core/server/env';
import { getOwner, getViewer } from '@/lib/access/server/caller';
import { signedInOnly } from '@/lib/access/server/route-guard';
import { sameOriginOnly } from '@/lib/access/server/request-origin';
import { getStorage } from '@/lib/storage/server';

// Per-owner data: never cached or pre-rendered.
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The caller's own conversation, else 404 (lib/conversations/server/conversation-routes.ts). */
export const GET = signedInOnly(
  async (_request: Request, { params }: Context): Promise<Response> =>
    handleGetConversation({ storage: getStorage(), ownerHash: async () => (await getViewer()).ownerHash, id: (await params).id }),
);

/** Autosave: the whole conversation, written over the previous save; the saver becomes its owner. */
export const PUT = sameOriginOnly(
  signedInOnly(
    async (request: Request, { params }: Context): Promise<Response> =>
      handleSaveConversation({
        request,
        storage: getStorage(),
        ownerHash: async () => (await getOwner()).ownerHash,
        id: (await params).id,
        maxBodyBytes: Math.floor(getEnv().ANALYSIS_MAX_SAVE_MB * 1024 * 1024),
      }),
  ),
);

/** The caller's own conversation, deleted (record and list entry); anyone else's id reads as not found. */
export const DELETE = sameOriginOnly(
  signedInOnly(
    async (_request: Request, { params }: Context): Promise<Response> =>
      handleDeleteConversation({ storage: getStorage(), ownerHash: async () => (await getViewer()).ownerHash, id: (await params).id }),
  ),
);
