import { describe, expect, it } from 'vitest';
import { checkRequestOrigin, expectedOrigin, sameOriginOnly } from './request-origin';

const APP = 'http://127.0.0.1:3000';

function request({ method = 'POST', headers = {}, url = `${APP}/api/ask` }: { method?: string; headers?: Record<string, string>; url?: string }) {
  return { method, url, headers: new Headers({ host: '127.0.0.1:3000', ...headers }) };
}

describe('checkRequestOrigin', () => {
  it('lets this app’s own pages through', () => {
    expect(checkRequestOrigin(request({ headers: { origin: APP, 'sec-fetch-site': 'same-origin' } }))).toEqual({ ok: true });
  });

  it('refuses Origin: null (the kernel’s opaque-origin frame) and says why', () => {
    const verdict = checkRequestOrigin(request({ headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } }));
    expect(verdict).toEqual({ ok: false, message: expect.stringContaining('Origin: null') });
  });

  it('refuses another site, naming both origins', () => {
    const verdict = checkRequestOrigin(request({ headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }));
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/https:\/\/evil\.example, not from this app \(http:\/\/127\.0\.0\.1:3000\)/) });
  });

  it.each([
    ['another port', 'http://127.0.0.1:3001'],
    ['another scheme', 'https://127.0.0.1:3000'],
    ['a sub-domain', 'http://x.127.0.0.1:3000'],
    ['not an origin', 'garbage'],
  ])('refuses an Origin on %s', (_name, origin) => {
    expect(checkRequestOrigin(request({ headers: { origin } })).ok).toBe(false);
  });

  it('refuses a cross-site or same-site browser request that sent no Origin', () => {
    expect(checkRequestOrigin(request({ headers: { 'sec-fetch-site': 'cross-site' } })).ok).toBe(false);
    expect(checkRequestOrigin(request({ headers: { 'sec-fetch-site': 'same-site' } })).ok).toBe(false);
  });

  it('lets a non-browser client without Origin through (curl, the AWS CLI: no victim cookies to ride on)', () => {
    expect(checkRequestOrigin(request({ method: 'PUT' }))).toEqual({ ok: true });
    expect(checkRequestOrigin(request({ headers: { 'sec-fetch-site': 'same-origin' } }))).toEqual({ ok: true });
  });

  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('never checks %s', (method) => {
    expect(checkRequestOrigin(request({ method, headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } }))).toEqual({ ok: true });
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('checks %s like POST', (method) => {
    expect(checkRequestOrigin(request({ method, headers: { origin: 'null' } })).ok).toBe(false);
  });

  it('never takes the expected origin from X-Forwarded-Host/-Proto, which any client writes', () => {
    const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(expectedOrigin(request({ headers: forged }))).toBe(APP);
    expect(checkRequestOrigin(request({ headers: { ...forged, origin: 'https://evil.example' } }))).toEqual({
      ok: false,
      message: expect.stringMatching(/came from https:\/\/evil\.example, not from this app \(http:\/\/127\.0\.0\.1:3000\)\..*set PUBLIC_ORIGIN/),
    });
    expect(checkRequestOrigin(request({ headers: { ...forged, origin: APP } }))).toEqual({ ok: true });
  });

  it('compares with the configured public origin when there is one (behind a TLS-terminating proxy), whatever the headers say', () => {
    const publicOrigin = 'https://data.example.com';
    const headers = { host: '10.0.0.5:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(expectedOrigin({ ...request({ headers }), publicOrigin })).toBe(publicOrigin);
    expect(checkRequestOrigin(request({ headers: { ...headers, origin: publicOrigin } }), { publicOrigin })).toEqual({ ok: true });
    expect(checkRequestOrigin(request({ headers: { ...headers, origin: 'https://evil.example' } }), { publicOrigin }).ok).toBe(false);
    expect(checkRequestOrigin(request({ headers: { ...headers, origin: 'http://10.0.0.5:3000' } }), { publicOrigin }).ok).toBe(false);
  });
});

describe('sameOriginOnly', () => {
  const handler = sameOriginOnly(async (incoming: Request) => new Response(`ran ${incoming.method}`));

  it('answers 403 JSON without running the handler', async () => {
    const response = await handler(new Request(`${APP}/api/ask`, { method: 'POST', body: '{}', headers: { origin: 'null' } }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: 'forbidden_origin', message: expect.stringContaining('Origin: null') });
  });

  it('runs the handler for the app’s own origin', async () => {
    const response = await handler(new Request(`${APP}/api/ask`, { method: 'POST', body: '{}', headers: { origin: APP } }));
    expect(await response.text()).toBe('ran POST');
  });
});
