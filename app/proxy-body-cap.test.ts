import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { proxy } from '@/proxy';
import { resetEnvCache } from '@/lib/core/server/env';
import { SERVER_ACTION_MAX_BODY_BYTES } from '@/lib/access/server/read-body';

/**
 * Server-action bodies are capped before parsing: proxy.ts answers 413 to a page POST over 1 MB, declared or
 * streamed (chunked), having read at most one chunk past the cap; next.config.mjs sets Next's own limit to the same.
 */

const saved = { ...process.env };
const APP = 'http://127.0.0.1:3000';

beforeAll(() => {
  process.env = { ...saved, AUTH_MODE: 'none', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'proxy-cap-')) };
  resetEnvCache();
});
afterAll(() => {
  process.env = saved;
  resetEnvCache();
});

function actionRequest(body: BodyInit, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${APP}/`, {
    method: 'POST',
    headers: { host: '127.0.0.1:3000', origin: APP, 'next-action': 'a'.repeat(42), 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body,
    duplex: 'half',
  } as ConstructorParameters<typeof NextRequest>[1]);
}

/** A body of `total` bytes in 64 KB chunks, counting what was pulled from it. */
function countedStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('server-action body cap', () => {
  it('refuses a 100 MB chunked action body with 413 after reading just past 1 MB', async () => {
    const { stream, pulled } = countedStream(100 * 1024 * 1024);
    const response = await proxy(actionRequest(stream));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, code: 'too_large', message: expect.stringContaining('1 MB') });
    expect(pulled()).toBeLessThan(SERVER_ACTION_MAX_BODY_BYTES + 3 * 64 * 1024);
  });

  it('refuses by a declared Content-Length without reading the body', async () => {
    const { stream, pulled } = countedStream(5 * 1024 * 1024);
    const response = await proxy(actionRequest(stream, { 'content-length': String(5 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('lets an action body under the cap through to the action', async () => {
    const response = await proxy(actionRequest('[{}]'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-next')).toBe('1');
    const { stream } = countedStream(SERVER_ACTION_MAX_BODY_BYTES - 64 * 1024);
    expect((await proxy(actionRequest(stream))).status).toBe(200);
  });

  it('asks reverse proxies not to buffer action responses (the ask and repair actions stream their events)', async () => {
    expect((await proxy(actionRequest('[{}]'))).headers.get('x-accel-buffering')).toBe('no');
    expect((await proxy(new NextRequest(`${APP}/`, { headers: { host: '127.0.0.1:3000' } }))).headers.get('x-accel-buffering')).toBeNull();
  });

  it('next.config.mjs gives Next the same limit', async () => {
    // Loaded by path (a plain .mjs with no types), its shape checked rather than assumed.
    const loaded: unknown = await import(/* @vite-ignore */ pathToFileURL(path.join(process.cwd(), 'next.config.mjs')).href);
    const config = z
      .object({ default: z.object({ experimental: z.object({ serverActions: z.object({ bodySizeLimit: z.string() }), proxyClientMaxBodySize: z.string() }) }) })
      .parse(loaded);
    expect(config.default.experimental.serverActions.bodySizeLimit).toBe('1mb');
    expect(config.default.experimental.proxyClientMaxBodySize).toBe('2mb');
    expect(SERVER_ACTION_MAX_BODY_BYTES).toBe(1024 * 1024);
  });
});
