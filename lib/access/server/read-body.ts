/**
 * Reads a request body as a stream and stops at `maxBytes`: a 100 MB chunked body (no Content-Length) is refused
 * after `maxBytes` + one chunk, never buffered whole as `request.text()` would. The rest of the body is cancelled so
 * the client stops sending. Used by every JSON route (ask, repair, answer, save) before parsing.
 */
export async function readBodyLimited({
  request,
  maxBytes,
}: {
  request: Request;
  maxBytes: number;
}): Promise<{ ok: true; text: string } | { ok: false; reason: 'too_large' }> {
  // A declared length over the cap is refused before a byte is read.
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too_large' };
  }
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

/** The largest server-action body (next.config.mjs `experimental.serverActions.bodySizeLimit`, the same 1 MB). */
export const SERVER_ACTION_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Whether a request body is larger than `maxBytes`, by its declared length or else by counting it as it streams (a
 * chunked body has no length): stops and cancels the stream at the first byte past the cap, so nothing past it is
 * read. proxy.ts uses it on server-action bodies, whose copy it reads while Next keeps the original for the action.
 */
export async function exceedsBodyLimit({ request, maxBytes }: { request: Request; maxBytes: number }): Promise<boolean> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return true;
  }
  if (declared !== null || !request.body) return false;
  const reader = request.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return true;
    }
  }
}
