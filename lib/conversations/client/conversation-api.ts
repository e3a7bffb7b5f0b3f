import { z } from 'zod';
import { refusalSchema } from '@/lib/share/analysis-types';
import {
  conversationSummarySchema,
  conversationViewSchema,
  type ConversationInput,
  type ConversationSummary,
  type ConversationView,
} from '../conversation-record';

/**
 * The page's calls to /api/conversations, each answer parsed with zod (the server is another program; a proxy or an
 * error page may answer instead). Browser-only. Failures come back as data with a message for people.
 */

export type ApiResult<T> = { ok: true; value: T } | { ok: false; message: string; status: number };

async function call<T>({ url, init, schema }: { url: string; init?: RequestInit; schema: z.ZodType<T, unknown> }): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, message: 'The server could not be reached. Check the connection; your work is kept in this tab meanwhile.' };
  }
  const json: unknown = await response.json().catch(() => null);
  const parsed = schema.safeParse(json);
  if (response.ok && parsed.success) return { ok: true, value: parsed.data };
  const failure = refusalSchema.safeParse(json);
  return {
    ok: false,
    status: response.status,
    message: failure.success ? failure.data.message : `The server answered ${response.status} ${response.statusText}.`,
  };
}

const summaryAnswer = z.object({ ok: z.literal(true), conversation: conversationSummarySchema }).transform((answer) => answer.conversation);

export function saveConversationRemote({ id, body }: { id: string; body: ConversationInput }): Promise<ApiResult<ConversationSummary>> {
  return call({
    url: `/api/conversations/${encodeURIComponent(id)}`,
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    schema: summaryAnswer,
  });
}

export function loadConversation({ id }: { id: string }): Promise<ApiResult<ConversationView>> {
  return call({
    url: `/api/conversations/${encodeURIComponent(id)}`,
    schema: z.object({ ok: z.literal(true), conversation: conversationViewSchema }).transform((answer) => answer.conversation),
  });
}

export function listRecentConversations(): Promise<ApiResult<ConversationSummary[]>> {
  return call({
    url: '/api/conversations',
    schema: z.object({ ok: z.literal(true), conversations: z.array(conversationSummarySchema).max(100) }).transform((answer) => answer.conversations),
  });
}

/** Deletes one of the caller's conversations; the answer must name the same id. */
export function deleteConversationRemote({ id }: { id: string }): Promise<ApiResult<string>> {
  return call({
    url: `/api/conversations/${encodeURIComponent(id)}`,
    init: { method: 'DELETE' },
    schema: z.object({ ok: z.literal(true), id: z.literal(id) }).transform((answer) => answer.id),
  });
}

/** "Continue in workspace": a new conversation seeded from the caller's own saved analysis. */
export function continueAnalysisRemote({ analysisId }: { analysisId: string }): Promise<ApiResult<ConversationSummary>> {
  return call({
    url: '/api/conversations',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fromAnalysis: analysisId }) },
    schema: summaryAnswer,
  });
}
