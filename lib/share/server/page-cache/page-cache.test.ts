import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureRender, type CapturedRender } from './capture-render';
import { inlineScriptHashes } from './inline-script-hashes';
import { dropPage, getPage, putPage } from './page-store';
import { sharePageOf } from './share-page-key';

// A canonical analysis id (its last character carries the 128th bit: lib/core/random-id.ts).
const ID = 'AbCdEfGhIjKlMnOpQrStUw';
const ALLOWED = ['https://blog.example'];

describe('sharePageOf: only the canonical share and embed requests are cacheable', () => {
  it.each([
    ['GET', `/a/${ID}`, { kind: 'a', id: ID, variant: '' }],
    ['HEAD', `/a/${ID}`, { kind: 'a', id: ID, variant: '' }],
    ['GET', `/embed/${ID}`, { kind: 'embed', id: ID, variant: 'light|' }],
    ['GET', `/embed/${ID}?theme=dark&origin=https%3A%2F%2Fblog.example`, { kind: 'embed', id: ID, variant: 'dark|https://blog.example' }],
  ])('%s %s', (method, url, expected) => {
    expect(sharePageOf({ method, url, allowedOrigins: ALLOWED })).toEqual(expected);
  });

  it.each([
    ['POST', `/a/${ID}`],
    ['GET', `/a/${ID}?x=1`],
    ['GET', `/a/${ID}/`],
    ['GET', `/a/${ID}/figures/0-0-0.png`],
    ['GET', '/a/short'],
    // 22 characters, but not an id the app makes (isAnalysisId): no page of it is cached.
    ['GET', '/a/AbCdEfGhIjKlMnOpQrStUv'],
    ['GET', `/embed/${ID}?theme=neon`],
    ['GET', `/embed/${ID}?origin=https%3A%2F%2Fevil.example`],
    ['GET', `/embed/${ID}?theme=dark&theme=light`],
    ['GET', `/embed/${ID}?utm=1`],
    ['GET', `/analyses`],
  ])('%s %s is not', (method, url) => {
    expect(sharePageOf({ method, url, allowedOrigins: ALLOWED })).toBeNull();
  });
});

describe('inlineScriptHashes', () => {
  it('hashes the text of inline scripts only, as the browser does', () => {
    const inline = 'self.__next_f.push([1,"a\\u003c/script>"])';
    const html = `<html><script src="/_next/static/a.js" async=""></script><script nonce="n1">${inline}</script><script>${inline}</script><script></script></html>`;
    const expected = `sha256-${createHash('sha256').update(inline).digest('base64')}`;
    expect(inlineScriptHashes({ html })).toEqual([expected]);
  });
});

describe('page store', () => {
  afterEach(() => dropPage({ key: 'k' }));

  it('keeps a page with its gzip until it is too old', () => {
    putPage({ key: 'k', html: Buffer.from('<p>hello</p>'), headers: { 'content-type': 'text/html' }, inlineHashes: [], now: 1000 });
    const page = getPage({ key: 'k', maxAgeMs: 500, now: 1400 });
    expect(gunzipSync(page?.gzip ?? Buffer.alloc(0)).toString()).toBe('<p>hello</p>');
    expect(getPage({ key: 'k', maxAgeMs: 500, now: 1500 })).toBeNull();
    expect(getPage({ key: 'k', maxAgeMs: 500, now: 1000 })).toBeNull();
  });
});

describe('captureRender', () => {
  let server: http.Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function render(handler: (response: http.ServerResponse) => void): Promise<CapturedRender | null> {
    let captured: CapturedRender | null = null;
    server = http.createServer((_request, response) => {
      captureRender({
        response,
        onComplete: (render) => {
          captured = render;
        },
      });
      handler(response);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/`)).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return captured;
  }

  it('records a streamed 200 HTML page and drops the per-response headers', async () => {
    const captured = await render((response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.setHeader('content-security-policy', "script-src 'nonce-abc'");
      response.setHeader('x-robots-tag', 'noindex, nofollow');
      response.write('<html>');
      response.write(Buffer.from('<body>é</body>'));
      response.end('</html>');
    });
    expect(captured?.html.toString()).toBe('<html><body>é</body></html>');
    expect(captured?.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'x-robots-tag': 'noindex, nofollow' });
  });

  it.each([
    ['a cookie is set', (response: http.ServerResponse) => response.setHeader('set-cookie', 'a=b')],
    [
      'the status is not 200',
      (response: http.ServerResponse) => {
        response.statusCode = 404;
      },
    ],
    ['the page did not pass through proxy.ts (no CSP)', (response: http.ServerResponse) => response.removeHeader('content-security-policy')],
  ])('records nothing when %s', async (_name, spoil) => {
    const captured = await render((response) => {
      response.setHeader('content-type', 'text/html');
      response.setHeader('content-security-policy', "script-src 'nonce-abc'");
      spoil(response);
      response.end('<p>x</p>');
    });
    expect(captured).toBeNull();
  });
});
