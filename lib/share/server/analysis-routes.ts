import 'server-only';
import { readBodyLimited } from '@/lib/access/server/read-body';
import { checkRequestOrigin } from '@/lib/access/server/request-origin';
import type { StorageDriver } from '@/lib/storage/server';
import { analysisUrls } from '../analysis-ids';
import { statusOfFailure, toAnalysisFailure } from './analysis-errors';
import type { AnalysisFailure, SaveAnalysisResponse } from '../analysis-types';
import { saveAnalysis } from './save-analysis';
import { saveAnalysisInputSchema } from '../save-input';
import { readSharedFigure } from './shared-analysis';
import { firstIssueText } from '@/lib/text/schema-issue';

/**
 * The bodies of app/api/analyses/route.ts (save) and app/api/analyses/[id]/figures/[name]/route.ts; the route
 * files only wire in the storage driver, the owner cookie and the configuration, so these run in tests as they are.
 * Saving is a route handler, not a server action: figures as base64 exceed the 1 MB server-action body limit.
 */

const NO_STORE = { 'Cache-Control': 'no-store' };

function failure({
  status,
  code,
  message,
  retryable = false,
}: { status?: number } & Omit<AnalysisFailure, 'ok' | 'retryable'> & { retryable?: boolean }): Response {
  const body: AnalysisFailure = { ok: false, code, message, retryable };
  return Response.json(body, { status: status ?? statusOfFailure({ code }), headers: NO_STORE });
}

/** POST /api/analyses: JSON SaveAnalysisInput → 201 `{ ok, id, url, embedUrl }`, or `{ ok: false, code, message }`. */
export async function handleSaveAnalysis({
  request,
  storage,
  ownerHash,
  maxBodyBytes,
  publicOrigin,
  now,
}: {
  request: Request;
  storage: StorageDriver;
  /**
   * The configured public origin (PUBLIC_ORIGIN or BETTER_AUTH_URL; lib/access/server/request-origin.ts): a cross-site
   * page must not save into a visitor's ownership, so a named Origin must be this. Without one, the Host the request
   * reached the server with; never X-Forwarded-Host, which any client writes.
   */
  publicOrigin?: string | undefined;
  /** Called only once the body is valid, so a refused save never plants an owner cookie. */
  ownerHash: () => Promise<string>;
  maxBodyBytes: number;
  now?: Date;
}): Promise<Response> {
  const verdict = checkRequestOrigin(request, { publicOrigin });
  if (!verdict.ok) {
    return failure({ status: 403, code: 'forbidden', message: `Analyses can only be saved from this app’s own pages. ${verdict.message}` });
  }
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return failure({ status: 415, code: 'invalid_input', message: 'Send the analysis as application/json.' });
  }
  const tooLarge = `The analysis is larger than ${Math.round(maxBodyBytes / 1024 / 1024)} MB. Remove some figures or questions and save again.`;
  const body = await readBodyLimited({ request, maxBytes: maxBodyBytes });
  if (!body.ok) return failure({ code: 'too_large', message: tooLarge });
  const text = body.text;

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failure({ code: 'invalid_input', message: 'The request body is not JSON.' });
  }
  const parsed = saveAnalysisInputSchema.safeParse(json);
  if (!parsed.success) {
    return failure({ code: 'invalid_input', message: `Saving the analysis: ${firstIssueText(parsed.error, 'invalid input')}` });
  }
  try {
    const record = await saveAnalysis({ storage, ownerHash: await ownerHash(), input: parsed.data, now });
    const body: SaveAnalysisResponse = { ok: true, id: record.id, ...analysisUrls({ id: record.id }) };
    return Response.json(body, { status: 201, headers: NO_STORE });
  } catch (error) {
    const refused = toAnalysisFailure({ error, action: 'Saving the analysis' });
    return Response.json(refused, { status: statusOfFailure({ code: refused.code }), headers: NO_STORE });
  }
}

/** GET /api/analyses/<id>/figures/<name>: the PNG of a valid link, else 404 (revoked and expired look absent). */
export async function handleFigureRequest({ storage, id, name, now }: { storage: StorageDriver; id: string; name: string; now?: Date }): Promise<Response> {
  let bytes: Uint8Array | null;
  try {
    bytes = await readSharedFigure({ storage, id, name, now });
  } catch (error) {
    console.error('figure route failed', error);
    return new Response('Figure unavailable', { status: 503, headers: { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (!bytes) return new Response('No such figure', { status: 404, headers: { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': 'image/png',
      'Content-Length': String(bytes.byteLength),
      // Private and short: a revoked link's figures stop loading within five minutes, and shared caches keep none.
      'Cache-Control': 'private, max-age=300',
      'X-Content-Type-Options': 'nosniff',
      // The embed is framed by other sites, but its <img> requests come from our own origin's document.
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
