import { describe, expect, it, vi } from 'vitest';
import { newOwner } from '@/lib/share/test-support/analysis-fixture';
import { keysUnder } from '@/lib/files/test-support/dataset-fixture';
import { newRandomId } from '@/lib/core/random-id';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { handleDeleteConversation, handleGetConversation, handleListConversations, handleSaveConversation } from './conversation-routes';
import { sampleConversation } from '../test-support/conversation-fixture';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

const MB = 1024 * 1024;

function put({ body, contentType = 'application/json' }: { body: BodyInit; contentType?: string }): Request {
  return new Request('http://app.test/api/conversations/x', { method: 'PUT', headers: { 'content-type': contentType }, body, duplex: 'half' } as RequestInit);
}

describe('conversation routes (local storage)', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });
  const storage = () => fixture.driver;

  it('saves, reads back and lists for the owner only', async () => {
    const owner = newOwner();
    const id = newRandomId();
    const saved = await handleSaveConversation({
      request: put({ body: JSON.stringify(sampleConversation()) }),
      storage: storage(),
      ownerHash: async () => owner.hash,
      id,
      maxBodyBytes: 25 * MB,
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('cache-control')).toBe('no-store');
    expect(await saved.json()).toMatchObject({ ok: true, conversation: { id, title: 'How many units per region?', questionCount: 2 } });

    const read = await handleGetConversation({ storage: storage(), ownerHash: async () => owner.hash, id });
    expect(await read.json()).toMatchObject({ ok: true, conversation: { id, turns: [{ phase: 'done' }, { phase: 'running' }] } });
    expect(JSON.stringify(await (await handleGetConversation({ storage: storage(), ownerHash: async () => owner.hash, id })).json())).not.toContain(owner.hash);

    for (const other of [async () => newOwner().hash, async () => null]) {
      const refused = await handleGetConversation({ storage: storage(), ownerHash: other, id });
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ ok: false, code: 'not_found' });
      expect(await (await handleListConversations({ storage: storage(), ownerHash: other })).json()).toEqual({ ok: true, conversations: [] });
    }
    expect(await (await handleListConversations({ storage: storage(), ownerHash: async () => owner.hash })).json()).toMatchObject({
      ok: true,
      conversations: [{ id }],
    });
  });

  it('deletes for the owner only: a stranger, a caller without an owner id and a bad id are refused and nothing changes', async () => {
    const owner = newOwner();
    const id = newRandomId();
    await handleSaveConversation({
      request: put({ body: JSON.stringify(sampleConversation()) }),
      storage: storage(),
      ownerHash: async () => owner.hash,
      id,
      maxBodyBytes: 25 * MB,
    });
    for (const [caller, target, status, code] of [
      [async () => newOwner().hash, id, 404, 'not_found'],
      [async () => null, id, 404, 'not_found'],
      [async () => owner.hash, '../../x', 400, 'invalid_input'],
    ] as const) {
      const refused = await handleDeleteConversation({ storage: storage(), ownerHash: caller, id: target });
      expect(refused.status).toBe(status);
      expect(await refused.json()).toMatchObject({ ok: false, code });
    }
    expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).toHaveLength(2);
    const deleted = await handleDeleteConversation({ storage: storage(), ownerHash: async () => owner.hash, id });
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get('cache-control')).toBe('no-store');
    expect(await deleted.json()).toEqual({ ok: true, id });
    expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).toEqual([]);
    expect((await handleGetConversation({ storage: storage(), ownerHash: async () => owner.hash, id })).status).toBe(404);
  });

  it('refuses a bad id, another content type, a body over the cap, non-JSON and a malformed body before asking who the owner is', async () => {
    const owner = newOwner();
    const good = JSON.stringify(sampleConversation());
    const cases: Array<[Request, string, number, RegExp]> = [
      [put({ body: good }), '../../x', 400, /not a conversation id/],
      [put({ body: good, contentType: 'text/plain' }), newRandomId(), 415, /application\/json/],
      [put({ body: JSON.stringify({ ...sampleConversation(), pad: 'x'.repeat(2 * MB) }) }), newRandomId(), 413, /larger than 1 MB/],
      [put({ body: '{"turns": [' }), newRandomId(), 400, /not JSON/],
      [put({ body: JSON.stringify({ turns: [{ question: 'q' }] }) }), newRandomId(), 400, /turns\.0\./],
      [
        put({
          body: JSON.stringify({
            ...sampleConversation(),
            turns: [
              {
                ...sampleConversation().turns[0]!,
                attempts: [
                  {
                    number: 1,
                    code: 'x',
                    result: {
                      status: 'ok',
                      stdout: '',
                      stderr: '',
                      error: null,
                      result: null,
                      timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 0, totalMs: 0 },
                      figures: [{ pngBase64: 'PHNjcmlwdD4=', width: 1, height: 1 }],
                    },
                  },
                ],
              },
            ],
          }),
        }),
        newRandomId(),
        400,
        /was refused/,
      ],
    ];
    for (const [request, id, status, message] of cases) {
      const ownerHash = vi.fn(async () => owner.hash);
      const response = await handleSaveConversation({ request, storage: storage(), ownerHash, id, maxBodyBytes: MB });
      expect(response.status, String(message)).toBe(status);
      expect((await response.json()).message).toMatch(message);
      // Only the figure check runs after the owner id is known (the schema cannot see inside a PNG).
      if (status !== 400 || !/was refused/.test(String(message))) expect(ownerHash).not.toHaveBeenCalled();
    }
    expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).toEqual([]);
  });
});
