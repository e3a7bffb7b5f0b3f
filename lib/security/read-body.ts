/**
 * Reads a request body as a stream and stops at `maxBytes`: a 100 MB chunked body (no Content-Length) is refused
 * after `maxBytes` + one chunk, never buffered whole as `request.text()` would. The rest of the body is cancelled so
 * the client stops sending. Used by every JSON route (ask, repair, answer, save) before parsing.
 */
export async function readBodyLimited({ request, maxBytes }: { request: Request; maxBytes: number }): Promise<{ ok: true; text: string } | { ok: false; reason: 'too_large' }> {
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
