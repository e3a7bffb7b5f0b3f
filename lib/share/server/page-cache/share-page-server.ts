import 'server-only';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { readRecord, statusOf } from '@/lib/share/server/analysis-store';
import { readRecordCached } from '@/lib/share/server/record-cache';
import { OWNER_COOKIE, hashOwnerToken, isOwnerToken } from '@/lib/access/server/owner-token';
import { getEnv } from '@/lib/core/server/env';
import { appPageCsp } from '@/lib/access/server/app-page-csp';
import { configuredPublicOrigin, expectedOrigin } from '@/lib/access/server/request-origin';
import { getStorage } from '@/lib/storage/server';
import { refusedParentOrigin } from '../../embed-notice';
import { captureRender } from './capture-render';
import { inlineScriptHashes } from './inline-script-hashes';
import { getPage, putPage, type CachedPage } from './page-store';
import { sharePageOf, type SharePageRequest } from './share-page-key';

/**
 * Share links are what people pass around, so their pages take the load: rendering one costs ~10 ms of React per
 * request. Installed by instrumentation.ts, this sits in front of Next for `/a/<id>` and `/embed/<id>` document
 * requests: the first viewer's render is recorded (capture-render.ts) and the same bytes go to later viewers for
 * SHARE_PAGE_CACHE_SECONDS, under a CSP that trusts that page's inline scripts by hash (the first nonce is never
 * trusted again). What is never cached or served from the cache:
 * - the owner (their page has the owner's controls): a valid owner cookie matching the record, or in the sign-in
 *   modes any session cookie (resolving it needs the database; Next does that);
 * - a link that is not active: every request checks the record's status (lib/share/server/record-cache.ts, ≤ 1 s old),
 *   and Next's proxy answers 404/410;
 * - any other method, query, RSC/prefetch request or body (share-page-key.ts).
 */

const INSTALLED = Symbol.for('ask-your-data.share-page-cache-installed');
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-|__Host-)?better-auth\.[^=]*=/;

function ownerCookieHash(cookieHeader: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    const token = value.join('=');
    if (name === OWNER_COOKIE && isOwnerToken(token)) return hashOwnerToken({ token });
  }
  return null;
}

/** Whether the viewer may be the record's owner, in which case only a fresh render is right. */
function mayBeOwner({ request, ownerHash }: { request: IncomingMessage; ownerHash: string }): boolean {
  const cookie = request.headers.cookie ?? '';
  if (getEnv().AUTH_MODE !== 'none') return SESSION_COOKIE.test(cookie);
  return ownerCookieHash(cookie) === ownerHash;
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : null;
}

function isPlainDocumentRequest(request: IncomingMessage): boolean {
  const { headers } = request;
  return (
    !headers.rsc &&
    !headers['next-action'] &&
    !headers['next-router-prefetch'] &&
    !headers['next-router-state-tree'] &&
    !headers['content-length'] &&
    !headers['transfer-encoding']
  );
}

/** The origin the viewer's browser is on, the same way proxy.ts works it out for a fresh render. */
function pageOrigin(request: IncomingMessage): string {
  const host = request.headers.host ?? '127.0.0.1';
  return expectedOrigin({ url: `http://${host}/`, headers: new Headers({ host }), publicOrigin: configuredPublicOrigin(getEnv()) });
}

function serve({ request, response, page, cached }: { request: IncomingMessage; response: ServerResponse; page: SharePageRequest; cached: CachedPage }): void {
  const gzip = /\bgzip\b/i.test(request.headers['accept-encoding'] ?? '');
  const body = gzip ? cached.gzip : cached.html;
  response.writeHead(200, {
    ...cached.headers,
    'content-security-policy': appPageCsp({ embed: page.kind === 'embed', scripts: { inlineHashes: cached.inlineHashes }, origin: pageOrigin(request) }),
    'x-share-cache': 'hit',
    vary: 'Accept-Encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(body.length),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** True when the cache answered; otherwise the request goes on to Next (and may be recorded for next time). */
async function answerFromCache({ request, response, page }: { request: IncomingMessage; response: ServerResponse; page: SharePageRequest }): Promise<boolean> {
  const record = await readRecordCached({ storage: getStorage(), id: page.id, read: readRecord });
  if (!record || statusOf({ record, now: new Date() }) !== 'active' || mayBeOwner({ request, ownerHash: record.ownerHash })) return false;
  // A parent that may not frame the embed gets the proxy's notice, not the cached page (which its CSP would block).
  if (
    page.kind === 'embed' &&
    refusedParentOrigin({ headers: { get: (name) => headerValue(request, name) }, appOrigin: '', allowed: getEnv().EMBED_ALLOWED_ORIGINS })
  )
    return false;
  const key = `${page.kind}|${page.id}|${page.variant}|${record.updatedAt}`;
  const cached = getPage({ key, maxAgeMs: getEnv().SHARE_PAGE_CACHE_SECONDS * 1000 });
  if (cached) {
    serve({ request, response, page, cached });
    return true;
  }
  if (request.method === 'GET') {
    // Next compresses when asked; the recording needs the plain bytes (this one viewer gets them uncompressed).
    delete request.headers['accept-encoding'];
    response.setHeader('x-share-cache', 'miss');
    captureRender({
      response,
      onComplete: ({ html, headers }) => putPage({ key, html, headers, inlineHashes: inlineScriptHashes({ html: html.toString('utf8') }) }),
    });
  }
  return false;
}

/** Idempotent; does nothing when SHARE_PAGE_CACHE_SECONDS is 0. */
export function installSharePageCache(): void {
  const flags = globalThis as { [INSTALLED]?: boolean };
  if (flags[INSTALLED] || getEnv().SHARE_PAGE_CACHE_SECONDS === 0) return;
  flags[INSTALLED] = true;
  const original = http.Server.prototype.emit;
  http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    const [request, response] = args;
    if (event !== 'request' || !(request instanceof IncomingMessage) || !(response instanceof ServerResponse)) {
      return Reflect.apply(original, this, [event, ...args]) === true;
    }
    const page = sharePageOf({ method: request.method, url: request.url, allowedOrigins: getEnv().EMBED_ALLOWED_ORIGINS ?? [] });
    if (!page || !isPlainDocumentRequest(request)) return Reflect.apply(original, this, [event, ...args]) === true;
    const toNext = () => {
      if (!response.headersSent) Reflect.apply(original, this, [event, ...args]);
    };
    answerFromCache({ request, response, page }).then((served) => {
      if (!served) toNext();
    }, toNext);
    return true;
  } as typeof http.Server.prototype.emit;
}
