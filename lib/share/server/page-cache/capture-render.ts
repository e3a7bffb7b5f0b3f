import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Records what Next writes for one share-page render, so the page can be served again without rendering: the body
 * (at most MAX_CAPTURE bytes, else nothing is kept) and the headers, minus those that belong to one response or are
 * rebuilt when serving (the CSP, whose nonce was this viewer's). `onComplete` runs only for a whole 200 HTML answer
 * that sets no cookie and went out uncompressed.
 */

const MAX_CAPTURE = 4 * 1024 * 1024;
const PER_RESPONSE = new Set([
  'content-security-policy',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'set-cookie',
  'etag',
  'content-encoding',
  'vary',
  'x-share-cache',
  'x-powered-by',
]);

export interface CapturedRender {
  html: Buffer;
  headers: Record<string, string>;
}

function headerText(value: OutgoingHttpHeaders[string]): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | null {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return null;
}

export function captureRender({ response, onComplete }: { response: ServerResponse; onComplete: (render: CapturedRender) => void }): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let usable = true;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (!usable || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes = toBuffer(chunk, encoding);
    if (!bytes) {
      usable = false;
      return;
    }
    size += bytes.length;
    if (size > MAX_CAPTURE) usable = false;
    else chunks.push(Buffer.from(bytes));
  };
  const { write, end } = response;
  response.write = function captureWrite(this: ServerResponse, ...args: Parameters<ServerResponse['write']>) {
    keep(args[0], args[1]);
    return Reflect.apply(write, this, args) as boolean;
  } as ServerResponse['write'];
  response.end = function captureEnd(this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    return Reflect.apply(end, this, args) as ServerResponse;
  } as ServerResponse['end'];
  response.on('finish', () => {
    const all = response.getHeaders();
    const type = headerText(all['content-type']) ?? '';
    if (!usable || response.statusCode !== 200 || !type.startsWith('text/html') || all['set-cookie'] !== undefined || all['content-encoding'] !== undefined)
      return;
    // Only a render that went through proxy.ts (it always sets the CSP) is a page the cache may repeat.
    if (all['content-security-policy'] === undefined) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(all)) {
      const text = headerText(value);
      if (text !== null && !PER_RESPONSE.has(name.toLowerCase())) headers[name.toLowerCase()] = text;
    }
    onComplete({ html: Buffer.concat(chunks), headers });
  });
}
