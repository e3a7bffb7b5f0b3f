import 'server-only';
import { Readable } from 'node:stream';
import { StorageError } from '../errors';
import { parseRangeHeader } from './http-range';
import { withKeyLock } from './key-lock';
import { getStorage } from './index';
import { LocalStorageDriver } from './local';

/**
 * Handlers of `app/api/storage/object/route.ts`, the local driver's stand-in for S3 presigned URLs. The route file
 * only forwards to these. URL form: see `signing.ts`. Every refusal is JSON `{ error: <code>, message }` with a
 * status (400 malformed, 403 signature/expiry/method/length/type, 404 missing, 413 too large, 416 bad range).
 */

function errorResponse({ status, code, message }: { status: number; code: string; message: string }): Response {
  return Response.json({ error: code, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

function toErrorResponse(error: unknown): Response {
  if (error instanceof StorageError) {
    return errorResponse({ status: error.httpStatus, code: error.code, message: error.message });
  }
  console.error('storage object route failed', error);
  return errorResponse({ status: 500, code: 'internal', message: 'Storage request failed' });
}

function resolveDriver(driver: LocalStorageDriver | undefined): LocalStorageDriver {
  if (driver) return driver;
  const storage = getStorage();
  if (!(storage instanceof LocalStorageDriver)) {
    // With S3 the browser gets presigned S3 URLs; this route must not become a second way in.
    throw new StorageError({ code: 'not_found', message: 'Signed app URLs are served only with STORAGE=local' });
  }
  return storage;
}

/**
 * Wraps a handler body: every handler needs the local driver first (the test's, or the configured one, refused
 * under S3), and answers any failure as a JSON refusal.
 */
function objectHandler(
  handle: (args: { request: Request; local: LocalStorageDriver }) => Promise<Response>,
): (args: { request: Request; driver?: LocalStorageDriver }) => Promise<Response> {
  return async ({ request, driver }) => {
    try {
      return await handle({ request, local: resolveDriver(driver) });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/**
 * Decides whether a correctly signed PUT may still write its key (lib/files/server/upload-gate.ts: single-use URLs);
 * a message refuses it with 409. Passed in by the route file so the storage layer does not depend on the catalog.
 */
export type UploadGate = (args: { storage: LocalStorageDriver; key: string }) => Promise<string | null>;

function objectHandlerWithGate(
  handle: (args: { request: Request; local: LocalStorageDriver; acceptUpload?: UploadGate }) => Promise<Response>,
): (args: { request: Request; driver?: LocalStorageDriver; acceptUpload?: UploadGate }) => Promise<Response> {
  return async ({ request, driver, acceptUpload }) => {
    try {
      return await handle({ request, local: resolveDriver(driver), acceptUpload });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** Refuses an upload whose headers do not match what was signed; cancelling the body tells the client to stop sending. */
async function refuseUpload({ request, message }: { request: Request; message: string }): Promise<Response> {
  await request.body?.cancel().catch(() => undefined);
  return errorResponse({ status: 403, code: 'forbidden', message });
}

/** Reads a request body chunk by chunk; cancels it if the consumer stops early (a refused, oversized body). */
async function* readBody(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** GET (and HEAD): the object, or the part named by a Range header (206). */
export const handleObjectDownload = objectHandler(async ({ request, local }) => {
  const { key } = await local.verifyRequest({ url: new URL(request.url), method: request.method });
  const opened = await local.openObject({ key });
  if (!opened) return errorResponse({ status: 404, code: 'not_found', message: `No object at ${key}` });
  const { handle, size } = opened;
  const range = parseRangeHeader({ header: request.headers.get('range'), size });
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Type': opened.contentType,
    'Last-Modified': opened.lastModified.toUTCString(),
    // The signed URL is the capability and objects can be overwritten in place: keep them out of shared caches.
    'Cache-Control': 'private, no-store',
    // User-uploaded bytes on the app's own origin: never let a browser render or run them as a page.
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': 'attachment',
  });
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    headers.set('Content-Range', `bytes */${size}`);
    headers.set('Content-Type', 'application/json');
    return Response.json(
      { error: 'invalid_range', message: `Range ${request.headers.get('range')} starts past the end (${size} bytes)` },
      { status: 416, headers },
    );
  }
  const start = range.kind === 'range' ? range.start : 0;
  const end = range.kind === 'range' ? range.end : size - 1;
  const status = range.kind === 'range' ? 206 : 200;
  if (range.kind === 'range') headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  headers.set('Content-Length', String(end - start + 1));
  if (request.method === 'HEAD' || end < start) {
    await handle.close();
    return new Response(null, { status, headers });
  }
  // The stream reads from the handle opened before the stat, so an overwrite mid-download cannot mix versions;
  // it closes the handle when done or when the client goes away.
  const stream = handle.createReadStream({ start, end });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
});

/**
 * PUT: streams the body to a temp file and renames it into place (single-use: checked before and again at the rename). The body must carry exactly the signed
 * Content-Type and length; a lying Content-Length is refused up front, a body that runs long is cut off at the
 * signed length, and either way the existing object is untouched.
 */
export const handleObjectUpload = objectHandlerWithGate(async ({ request, local, acceptUpload }) => {
  const claims = await local.verifyRequest({ url: new URL(request.url), method: request.method });
  // Checked after the signature (an unsigned PUT learns nothing) and before a byte is read.
  const spent = acceptUpload ? await acceptUpload({ storage: local, key: claims.key }) : null;
  if (spent) {
    await request.body?.cancel().catch(() => undefined);
    return errorResponse({ status: 409, code: 'conflict', message: spent });
  }
  const signedLength = claims.len ?? 0;
  const signedType = claims.type ?? '';
  const contentType = request.headers.get('content-type');
  if (contentType !== signedType) {
    return refuseUpload({
      request,
      message: `Content-Type ${JSON.stringify(contentType)} does not match the signed type ${JSON.stringify(signedType)}`,
    });
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && declared !== String(signedLength)) {
    return refuseUpload({ request, message: `Content-Length ${declared} does not match the signed length of ${signedLength} bytes` });
  }
  const size = await local.writeObject({
    key: claims.key,
    chunks: readBody(request.body),
    contentType: signedType,
    expectedLength: signedLength,
    // The body took time to arrive: the upload may have been registered (or cancelled) meanwhile. Checked again
    // under the key's lock, which registration holds from reading the file to writing its record, so the new bytes
    // land either before registration reads them or not at all (409, the registered file untouched).
    ...(acceptUpload
      ? {
          guardRename: (rename: () => Promise<void>) =>
            withKeyLock(claims.key, async () => {
              const late = await acceptUpload({ storage: local, key: claims.key });
              if (late) throw new StorageError({ code: 'conflict', message: late });
              await rename();
            }),
        }
      : {}),
  });
  return Response.json({ key: claims.key, size }, { status: 200, headers: { 'Cache-Control': 'no-store' } });
});
