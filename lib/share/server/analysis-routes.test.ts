import { describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(async () => (await import('../test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { POST } from '@/app/api/analyses/route';
import { GET } from '@/app/api/analyses/[id]/figures/[name]/route';
import { keysUnder } from '@/lib/files/test-support/dataset-fixture';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { resetEnvCache } from '@/lib/core/server/env';
import { handleFigureRequest, handleSaveAnalysis } from './analysis-routes';
import { revokeAnalysis } from './owner-analyses';
import { hashOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { newOwner, PNG_3X2, sampleInput } from '../test-support/analysis-fixture';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

const MB = 1024 * 1024;

function saveRequest({ body, headers = {} }: { body: BodyInit; headers?: Record<string, string> }): Request {
  return new Request('http://app.test/api/analyses', {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: 'app.test', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('analysis routes (local storage)', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });
  const storage = () => fixture.driver;

  async function save({
    request,
    ownerHash = vi.fn(async () => newOwner().hash),
    maxBodyBytes = 25 * MB,
  }: {
    request: Request;
    ownerHash?: () => Promise<string>;
    maxBodyBytes?: number;
  }) {
    const response = await handleSaveAnalysis({ request, storage: storage(), ownerHash, maxBodyBytes });
    return { response, body: (await response.json()) as Record<string, unknown>, ownerHash };
  }

  it('saves a valid body: 201 with the id and both URLs', async () => {
    const { response, body, ownerHash } = await save({ request: saveRequest({ body: JSON.stringify(sampleInput()) }) });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ ok: true, id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), url: `/a/${String(body.id)}`, embedUrl: `/embed/${String(body.id)}` });
    expect(ownerHash).toHaveBeenCalledTimes(1);
  });

  it('refuses bad bodies with a status and a message, before creating an owner', async () => {
    const cases: Array<[Request, number, string, RegExp]> = [
      [saveRequest({ body: '{not json' }), 400, 'invalid_input', /not JSON/],
      [saveRequest({ body: JSON.stringify({ ...sampleInput(), turns: [] }) }), 400, 'invalid_input', /turns: There is nothing to save yet/],
      [saveRequest({ body: JSON.stringify(sampleInput()), headers: { 'content-type': 'text/plain' } }), 415, 'invalid_input', /application\/json/],
      [saveRequest({ body: JSON.stringify(sampleInput()), headers: { origin: 'https://evil.example' } }), 403, 'forbidden', /own pages/],
      [saveRequest({ body: JSON.stringify(sampleInput()), headers: { origin: 'null' } }), 403, 'forbidden', /own pages/],
      // A forged X-Forwarded-Host naming the attacker's site does not make its Origin ours.
      [
        saveRequest({
          body: JSON.stringify(sampleInput()),
          headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
        }),
        403,
        'forbidden',
        /own pages.*came from https:\/\/evil\.example, not from this app \(http:\/\/app\.test\)/,
      ],
    ];
    for (const [request, status, code, message] of cases) {
      const { response, body, ownerHash } = await save({ request });
      expect(response.status, String(message)).toBe(status);
      expect(body).toMatchObject({ ok: false, code, message: expect.stringMatching(message), retryable: false });
      expect(ownerHash).not.toHaveBeenCalled();
    }
    const sameOrigin = await save({ request: saveRequest({ body: JSON.stringify(sampleInput()), headers: { origin: 'http://app.test' } }) });
    expect(sameOrigin.response.status).toBe(201);
  });

  it('refuses bodies over the cap with 413, whether or not they announce their length', async () => {
    const big = JSON.stringify(sampleInput({ title: 'x'.repeat(200) }));
    const announced = await save({ request: saveRequest({ body: big }), maxBodyBytes: 1000 });
    expect(announced.response.status).toBe(413);
    expect(announced.body).toMatchObject({ ok: false, code: 'too_large' });
    // A streamed body has no Content-Length: the limit is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 10; index += 1) controller.enqueue(new TextEncoder().encode(' '.repeat(500)));
        controller.close();
      },
    });
    const streamed = await save({ request: saveRequest({ body: stream }), maxBodyBytes: 1000 });
    expect(streamed.response.status).toBe(413);
  });

  it('refuses a fake PNG with 400 and says which figure', async () => {
    const input = sampleInput();
    input.turns[0]!.attempts[0]!.result!.figures = [{ pngBase64: Buffer.from('<script>alert(1)</script>').toString('base64'), width: 1, height: 1 }];
    const { response, body } = await save({ request: saveRequest({ body: JSON.stringify(input) }) });
    expect(response.status).toBe(400);
    expect(body.message).toMatch(/Figure 1 of question 1, attempt 1 was refused/);
  });

  it('serves figures of valid links only, as non-sniffable private PNGs', async () => {
    const owner = newOwner();
    const { body } = await save({ request: saveRequest({ body: JSON.stringify(sampleInput()) }), ownerHash: async () => owner.hash });
    const id = String(body.id);
    const response = await handleFigureRequest({ storage: storage(), id, name: '1-1-1.png' });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe(PNG_3X2);
    for (const name of ['1-1-2.png', '2-1-1.png', '..%2F..%2Fx.png', '1-1-1.png.json']) {
      expect((await handleFigureRequest({ storage: storage(), id, name })).status, name).toBe(404);
    }
    expect((await handleFigureRequest({ storage: storage(), id: 'AAAAAAAAAAAAAAAAAAAAAA', name: '1-1-1.png' })).status).toBe(404);
    await revokeAnalysis({ storage: storage(), ownerHash: owner.hash, id });
    expect((await handleFigureRequest({ storage: storage(), id, name: '1-1-1.png' })).status).toBe(404);
  });

  it('wires the route files to the owner cookie and the configured storage', async () => {
    const { state } = await mock;
    state.jar.clear();
    const response = await POST(saveRequest({ body: JSON.stringify(sampleInput()) }));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const token = state.jar.get(OWNER_COOKIE)?.value;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await keysUnder({ fixture, prefix: `owners/${hashOwnerToken({ token: token! })}/` })).toEqual([`owners/${hashOwnerToken({ token: token! })}/${id}`]);
    const figure = await GET(new Request(`http://app.test/api/analyses/${id}/figures/1-1-1.png`), { params: Promise.resolve({ id, name: '1-1-1.png' }) });
    expect(figure.status).toBe(200);
    // A second save from the same browser keeps its owner.
    await POST(saveRequest({ body: JSON.stringify(sampleInput()) }));
    expect(state.jar.get(OWNER_COOKIE)?.value).toBe(token);
    expect(await keysUnder({ fixture, prefix: `owners/${hashOwnerToken({ token: token! })}/` })).toHaveLength(2);
  });

  it('compares the Origin with PUBLIC_ORIGIN through the route file, ignoring a forged X-Forwarded-Host, and stores nothing', async () => {
    const { state } = await mock;
    state.jar.clear();
    const saved = { ...process.env };
    process.env = { ...saved, PUBLIC_ORIGIN: 'https://data.example.com' };
    resetEnvCache();
    try {
      const before = await keysUnder({ fixture, prefix: '' });
      const forged = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
      const refused = await POST(saveRequest({ body: JSON.stringify(sampleInput()), headers: forged }));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        code: 'forbidden_origin',
        message: expect.stringContaining('not from this app (https://data.example.com)'),
      });
      // The request's own host is not the public origin either once one is configured.
      expect((await POST(saveRequest({ body: JSON.stringify(sampleInput()), headers: { origin: 'http://app.test' } }))).status).toBe(403);
      expect(await keysUnder({ fixture, prefix: '' })).toEqual(before);
      expect(state.jar.has(OWNER_COOKIE)).toBe(false);
      const allowed = await POST(
        saveRequest({ body: JSON.stringify(sampleInput()), headers: { origin: 'https://data.example.com', 'x-forwarded-host': 'evil.example' } }),
      );
      expect(allowed.status).toBe(201);
    } finally {
      process.env = saved;
      resetEnvCache();
    }
  });
});
