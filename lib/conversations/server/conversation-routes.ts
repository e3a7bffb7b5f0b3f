import 'server-only';
import { z } from 'zod';
import { statusOfFailure, toAnalysisFailure } from '@/lib/share/server/analysis-errors';
import { analysisIdSchema } from '@/lib/share/analysis-ids';
import { readBodyLimited } from '@/lib/access/server/read-body';
import { SignInRequiredError, unauthenticatedResponse } from '@/lib/access/sign-in-required';
import type { StorageDriver } from '@/lib/storage/server';
import { continueAnalysis } from './conversation-from-analysis';
import { conversationInputSchema, isConversationId } from '../conversation-record';
import { deleteConversation, getConversation, listConversations, saveConversation } from './conversation-store';
import { firstIssueText } from '@/lib/text/schema-issue';

/**
 * The bodies of app/api/conversations/route.ts and app/api/conversations/[id]/route.ts. The route files wire in the
 * storage driver, the caller's owner id (lib/access/server/caller.ts) and the origin check (sameOriginOnly on PUT and
 * POST), so these run in tests as they are. Routes, not server actions: a conversation's figures exceed the 1 MB
 * server-action body limit, as with saving an analysis.
 */

const NO_STORE = { 'Cache-Control': 'no-store' };

type OwnerHash = () => Promise<string | null>;

async function answer(action: string, work: () => Promise<object>, status = 200): Promise<Response> {
  try {
    return Response.json({ ok: true, ...(await work()) }, { status, headers: NO_STORE });
  } catch (error) {
    if (error instanceof SignInRequiredError) return unauthenticatedResponse(error);
    const refused = toAnalysisFailure({ error, action });
    return Response.json(refused, { status: statusOfFailure({ code: refused.code }), headers: NO_STORE });
  }
}

function refuse(status: number, message: string): Response {
  return Response.json({ ok: false, code: status === 413 ? 'too_large' : 'invalid_input', message, retryable: false }, { status, headers: NO_STORE });
}

/** The JSON body, or the refusal to answer instead (wrong type, over the cap, not JSON). */
async function readJson({
  request,
  maxBodyBytes,
  what,
}: {
  request: Request;
  maxBodyBytes: number;
  what: string;
}): Promise<{ ok: true; json: unknown } | { ok: false; response: Response }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, response: refuse(415, `Send the ${what} as application/json.`) };
  }
  const body = await readBodyLimited({ request, maxBytes: maxBodyBytes });
  if (!body.ok) {
    const mb = Math.round(maxBodyBytes / 1024 / 1024);
    return {
      ok: false,
      response: refuse(413, `The ${what} is larger than ${mb} MB (ANALYSIS_MAX_SAVE_MB); it was not saved. Start a new conversation or remove figures.`),
    };
  }
  try {
    return { ok: true, json: JSON.parse(body.text) };
  } catch {
    return { ok: false, response: refuse(400, 'The request body is not JSON.') };
  }
}

/** GET /api/conversations → `{ ok, conversations: ConversationSummary[] }`, newest first; empty for a caller with no owner id yet. */
export function handleListConversations({ storage, ownerHash }: { storage: StorageDriver; ownerHash: OwnerHash }): Promise<Response> {
  return answer('Listing your conversations', async () => {
    const owner = await ownerHash();
    return { conversations: owner ? await listConversations({ storage, ownerHash: owner }) : [] };
  });
}

/** GET /api/conversations/<id> → `{ ok, conversation }`, or 404 for anything but the caller's own conversation. */
export function handleGetConversation({ storage, ownerHash, id }: { storage: StorageDriver; ownerHash: OwnerHash; id: string }): Promise<Response> {
  return answer('Opening the conversation', async () => {
    const owner = await ownerHash();
    // No owner id: nothing of theirs exists; answered exactly like another owner's id.
    if (!owner) return { conversation: await getConversation({ storage, ownerHash: '0'.repeat(64), id }) };
    return { conversation: await getConversation({ storage, ownerHash: owner, id }) };
  });
}

/** PUT /api/conversations/<id> with a ConversationInput → `{ ok, conversation: ConversationSummary }`. */
export async function handleSaveConversation({
  request,
  storage,
  ownerHash,
  id,
  maxBodyBytes,
  now,
}: {
  request: Request;
  storage: StorageDriver;
  /** Creates the owner id (cookie) when absent: called only once the body is JSON within the cap. */
  ownerHash: () => Promise<string>;
  id: string;
  maxBodyBytes: number;
  now?: Date;
}): Promise<Response> {
  if (!isConversationId(id)) {
    await request.body?.cancel().catch(() => undefined);
    return refuse(400, 'That is not a conversation id.');
  }
  const body = await readJson({ request, maxBodyBytes, what: 'conversation' });
  if (!body.ok) return body.response;
  // Checked before the owner id is asked for, so a refused save never plants an owner cookie.
  const parsed = conversationInputSchema.safeParse(body.json);
  if (!parsed.success) {
    return refuse(400, `Saving the conversation: ${firstIssueText(parsed.error, 'invalid input')}`);
  }
  return answer('Saving the conversation', async () => ({
    conversation: await saveConversation({ storage, ownerHash: await ownerHash(), id, input: parsed.data, ...(now ? { now } : {}) }),
  }));
}

/** DELETE /api/conversations/<id> → `{ ok, id }`, or 404 for anything but the caller's own conversation. */
export function handleDeleteConversation({ storage, ownerHash, id }: { storage: StorageDriver; ownerHash: OwnerHash; id: string }): Promise<Response> {
  return answer('Deleting the conversation', async () => {
    // Read, never created: a caller without an owner id owns nothing, and is answered like another owner's caller.
    const owner = await ownerHash();
    await deleteConversation({ storage, ownerHash: owner ?? '0'.repeat(64), id });
    return { id };
  });
}

const continueSchema = z.object({ fromAnalysis: analysisIdSchema });

/** POST /api/conversations `{ fromAnalysis: <analysis id> }` → 201 `{ ok, conversation }`: "Continue in workspace". */
export async function handleContinueAnalysis({
  request,
  storage,
  ownerHash,
}: {
  request: Request;
  storage: StorageDriver;
  ownerHash: OwnerHash;
}): Promise<Response> {
  const body = await readJson({ request, maxBodyBytes: 4096, what: 'request' });
  if (!body.ok) return body.response;
  const parsed = continueSchema.safeParse(body.json);
  if (!parsed.success) return refuse(400, 'Continuing an analysis needs `{ "fromAnalysis": "<analysis id>" }`.');
  return answer(
    'Continuing the analysis',
    async () => {
      const owner = await ownerHash();
      // Without an owner id the caller owns no analysis: the same answer as for someone else's.
      return { conversation: await continueAnalysis({ storage, ownerHash: owner ?? '0'.repeat(64), analysisId: parsed.data.fromAnalysis }) };
    },
    201,
  );
}
