import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { answerRequestSchema } from '@/lib/ask/contracts';
import { askActionResultSchema } from '@/lib/ask/ask-events';
import { newRandomId } from '@/lib/core/random-id';
import { reviewRequestSchema } from '@/lib/answer/review-contract';
import { hashOwnerToken } from '@/lib/access/server/owner-token';
import { sampleInput } from '@/lib/share/test-support/analysis-fixture';
import { sampleConversation } from '@/lib/conversations/test-support/conversation-fixture';
import { readPendingUpload } from '@/lib/files/server/dataset-records';
import { PEER_HEADER } from '@/lib/access/server/peer-address';
import { actAs, buildAccessWorld, loadCallables, SHARED_PREFIX, type AccessWorld, type Callable } from './test-support/access-world';

/**
 * The access test: every server action exported from lib/<step>/actions.ts and every method of every app/**\/route.ts is
 * listed below with what it checks, and each is called as a stranger (no cookie, and another owner's cookie) against
 * owner A's dataset, pending upload and analysis: it must refuse (or, for creating and listing, act only in the
 * stranger's own name), and nothing stored may change. A new action or route that is not listed fails the first
 * tests. Capability routes (the figure route, the signed storage object route) are probed with a guessed id or a
 * forged signature; /a/<id> and /embed/<id> are pages, not routes or actions, and need their 128-bit id.
 */

type Stranger = { name: string; token: string | null };
type Probe = (args: { world: AccessWorld; stranger: Stranger }) => Promise<void>;
interface Entry {
  checks: string;
  probe: Probe;
  /** True when the probe may create objects in the stranger's own name (nothing of A's may change). */
  creates?: boolean;
}

const actionModules = import.meta.glob<Record<string, unknown>>('../lib/*/actions.ts');
const routeModules = import.meta.glob<Record<string, unknown>>('./**/route.ts');

let world: AccessWorld;
const loaded = new Map<string, Callable>();
async function call(name: string, ...args: unknown[]): Promise<unknown> {
  const found = loaded.get(name);
  if (!found) throw new Error(`${name} was not loaded`);
  return found(...args);
}
async function respond(name: string, ...args: unknown[]): Promise<Response> {
  const response = await call(name, ...args);
  if (!(response instanceof Response)) throw new Error(`${name} did not answer with a Response`);
  return response;
}
const refused = (code: string) => expect.objectContaining({ ok: false, code });
const post = (url: string, body: unknown) =>
  new Request(`http://127.0.0.1:3000${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', [PEER_HEADER]: '127.0.0.1' },
    body: JSON.stringify(body),
  });
const routeContext = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

const ACTIONS: Record<string, Entry> = {
  'files.createUpload': {
    checks: 'creates in the caller’s own name only (cookie created on first need); per-owner quota; upload size cap',
    creates: true,
    probe: async ({ world: w, stranger }) => {
      const ticket = await call('files.createUpload', { fileName: 'x.csv', size: 5 });
      expect(ticket).toMatchObject({ ok: true });
      const id = (ticket as { id: string }).id;
      const pending = await readPendingUpload({ storage: w.fixture.driver, id });
      const jar = (await mock).state.jar;
      const token = jar.get('ayd_owner')?.value ?? '';
      expect(pending?.ownerHash).toBe(hashOwnerToken({ token }));
      expect(pending?.ownerHash).not.toBe(w.a.hash);
      if (stranger.token) expect(token).toBe(stranger.token);
    },
  },
  'files.completeUpload': {
    checks: 'pending upload’s owner = caller; upload id from the server record',
    probe: async ({ world: w }) =>
      expect(await call('files.completeUpload', { id: w.a.pendingId, uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] })).toEqual(refused('not_found')),
  },
  'files.abortUpload': {
    checks: 'pending upload’s owner = caller',
    probe: async ({ world: w }) => expect(await call('files.abortUpload', { id: w.a.pendingId })).toEqual(refused('not_found')),
  },
  'files.registerDataset': {
    checks: 'pending upload’s owner = caller (the dataset becomes theirs)',
    probe: async ({ world: w }) => expect(await call('files.registerDataset', { id: w.a.pendingId })).toEqual(refused('not_found')),
  },
  'files.listDatasets': {
    checks: 'lists only the caller’s own datasets and shared-prefix imports; sweeps only the caller’s stale uploads',
    probe: async ({ world: w }) => {
      const page = await call('files.listDatasets', {});
      expect(page).toMatchObject({ ok: true });
      expect(JSON.stringify(page)).not.toContain(w.a.datasetId);
    },
  },
  'files.renameDataset': {
    checks: 'dataset owner = caller (shared: read-only)',
    probe: async ({ world: w }) => expect(await call('files.renameDataset', { id: w.a.datasetId, displayName: 'x.csv' })).toEqual(refused('not_found')),
  },
  'files.previewReadOptions': {
    checks: 'dataset owner = caller (shared: read-only); options validated by zod; stores nothing',
    probe: async ({ world: w }) =>
      expect(await call('files.previewReadOptions', { id: w.a.datasetId, readOptions: { hasHeader: false } })).toEqual(refused('not_found')),
  },
  'files.setReadOptions': {
    checks: 'dataset owner = caller (shared: read-only); options validated by zod; record unchanged on refusal',
    probe: async ({ world: w }) =>
      expect(await call('files.setReadOptions', { id: w.a.datasetId, readOptions: { hasHeader: false } })).toEqual(refused('not_found')),
  },
  'files.deleteDataset': {
    checks: 'dataset owner = caller (shared: read-only)',
    probe: async ({ world: w }) => expect(await call('files.deleteDataset', { id: w.a.datasetId })).toEqual(refused('not_found')),
  },
  'files.importFromPrefix': {
    checks: 'prefix under SHARED_PREFIXES only; internal keys never listed, imported or echoed',
    probe: async ({ world: w }) => {
      for (const prefix of ['', 'datasets/', `datasets/${w.a.datasetId}/`, 'owners/', 'analyses/']) {
        expect(await call('files.importFromPrefix', { prefix })).toEqual(refused('forbidden'));
      }
    },
  },
  'files.getDownloadUrls': {
    checks: 'each dataset readable by the caller (own or shared), else all refused',
    probe: async ({ world: w }) => expect(await call('files.getDownloadUrls', { ids: [w.a.datasetId] })).toEqual(refused('not_found')),
  },
  'share.listMyAnalyses': {
    checks: 'lists the caller’s own owner index only',
    probe: async ({ world: w }) => expect(JSON.stringify(await call('share.listMyAnalyses', {}))).not.toContain(w.a.analysisId),
  },
  'share.revokeAnalysis': {
    checks: 'analysis owner = caller',
    probe: async ({ world: w }) => expect(await call('share.revokeAnalysis', { id: w.a.analysisId })).toEqual(refused('forbidden')),
  },
  'share.deleteAnalysis': {
    checks: 'analysis owner = caller',
    probe: async ({ world: w }) => expect(await call('share.deleteAnalysis', { id: w.a.analysisId })).toEqual(refused('forbidden')),
  },
  'share.setAnalysisExpiry': {
    checks: 'analysis owner = caller',
    probe: async ({ world: w }) => expect(await call('share.setAnalysisExpiry', { id: w.a.analysisId, expiresInDays: null })).toEqual(refused('forbidden')),
  },
  'share.setAllowRerun': {
    checks: 'analysis owner = caller',
    probe: async ({ world: w }) => expect(await call('share.setAllowRerun', { id: w.a.analysisId, allowRerun: true })).toEqual(refused('forbidden')),
  },
  'share.prepareRerun': {
    checks: 'capability: the 128-bit analysis id; only when the owner allowed re-runs; only the record’s datasets, still the owner’s',
    probe: async ({ world: w }) => expect(await call('share.prepareRerun', { id: w.a.analysisId })).toEqual(refused('rerun_disabled')),
  },
  'access.loadAdminState': {
    checks: 'signed-in administrator (AUTH_MODE=none: not_found; member: forbidden)',
    probe: async () => expect(await call('access.loadAdminState', {})).toEqual(refused('not_found')),
  },
  'access.inviteByEmail': {
    checks: 'signed-in administrator; AUTH_MODE=password only',
    probe: async () => expect(await call('access.inviteByEmail', { email: 'x@y.example', days: 1 })).toEqual(refused('not_found')),
  },
  'access.withdrawInvite': {
    checks: 'signed-in administrator',
    probe: async () => expect(await call('access.withdrawInvite', { id: 'x' })).toEqual(refused('not_found')),
  },
  'access.allowDomain': {
    checks: 'signed-in administrator',
    probe: async () => expect(await call('access.allowDomain', { domain: 'evil.example' })).toEqual(refused('not_found')),
  },
  'access.disallowDomain': {
    checks: 'signed-in administrator; never an AUTH_SIGNUP_DOMAINS one',
    probe: async () => expect(await call('access.disallowDomain', { domain: 'evil.example' })).toEqual(refused('not_found')),
  },
  'ask.ask': {
    checks: 'Origin (proxy.ts); rate limit (socket address); 1 MB cap; datasets readable by the caller',
    probe: async ({ world: w }) => {
      const text = await streamedText(
        await call('ask.ask', { runId: newRandomId(), request: { question: 'Total units?', datasetIds: [w.a.datasetId], pinnedIds: [w.a.datasetId] } }),
      );
      expect(text).toContain('dataset_missing');
      expect(text).not.toContain('North');
    },
  },
  'ask.repair': {
    checks: 'Origin (proxy.ts); rate limit; 1 MB cap; datasets readable by the caller',
    probe: async ({ world: w }) => {
      const request = {
        question: 'q',
        datasetIds: [w.a.datasetId],
        attempts: [{ code: 'x', status: 'python', error: { type: 'E', message: 'm', line: null, traceback: '' } }],
      };
      const text = await streamedText(await call('ask.repair', { runId: newRandomId(), request }));
      expect(text).toContain('dataset_missing');
      expect(text).not.toContain('North');
    },
  },
  'ask.cancelAsk': {
    checks: 'Origin (proxy.ts); run ids scoped to the caller (lib/ask/actions.test.ts: another caller’s id stops nothing)',
    probe: async () => expect(await call('ask.cancelAsk', { runId: newRandomId() })).toEqual({ ok: true }),
  },
};

/** The events of an ask or repair action's result, as text (a refusal as itself). */
async function streamedText(result: unknown): Promise<string> {
  const outcome = askActionResultSchema.parse(result);
  if (!outcome.ok) return JSON.stringify(outcome);
  const events: unknown[] = [];
  const reader = outcome.events.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) events.push(next.value);
  return JSON.stringify(events);
}

const ROUTES: Record<string, Entry> = {
  'POST ./api/answer/route.ts': {
    checks: 'Origin; rate limit; streamed 1 MB cap; reads no stored data (its body names no dataset or analysis)',
    probe: async () => expect(Object.keys(answerRequestSchema.shape).filter((key) => /id/i.test(key))).toEqual([]),
  },
  'POST ./api/review/route.ts': {
    checks: 'Origin; rate limit; streamed 1 MB cap; reads no stored data (its body names no dataset or analysis)',
    probe: async () => expect(Object.keys(reviewRequestSchema.shape).filter((key) => /id/i.test(key))).toEqual([]),
  },
  'POST ./api/analyses/route.ts': {
    checks: 'Origin; streamed size cap; every dataset readable by the saver; the saver becomes the owner',
    creates: true,
    probe: async ({ world: w }) => {
      const response = await respond('POST ./api/analyses/route.ts', post('/api/analyses', sampleInput({ datasetIds: [w.a.datasetId] })));
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, code: 'dataset_missing' });
    },
  },
  'GET ./api/conversations/route.ts': {
    checks: 'lists the caller’s own conversations only (conversations/<owner>/index/)',
    probe: async ({ world: w }) => {
      const response = await respond('GET ./api/conversations/route.ts', new Request('http://127.0.0.1:3000/api/conversations'));
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(w.a.conversationId);
    },
  },
  'POST ./api/conversations/route.ts': {
    checks: 'Origin; continuing an analysis needs its owner = caller (others: not found); creates in the caller’s name only',
    probe: async ({ world: w }) => {
      const response = await respond('POST ./api/conversations/route.ts', post('/api/conversations', { fromAnalysis: w.a.analysisId }));
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, code: 'not_found' });
    },
  },
  'GET ./api/conversations/[id]/route.ts': {
    checks: 'owner = caller by key (conversations/<owner>/records/<id>.json): another owner’s id is not found',
    probe: async ({ world: w }) => {
      const response = await respond('GET ./api/conversations/[id]/route.ts', new Request('http://127.0.0.1:3000/x'), routeContext({ id: w.a.conversationId }));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('units per region');
    },
  },
  'DELETE ./api/conversations/[id]/route.ts': {
    checks: 'Origin; owner = caller by key: another owner’s conversation is not found, and stays',
    probe: async ({ world: w }) => {
      const request = new Request('http://127.0.0.1:3000/x', { method: 'DELETE', headers: { host: '127.0.0.1:3000' } });
      const response = await respond('DELETE ./api/conversations/[id]/route.ts', request, routeContext({ id: w.a.conversationId }));
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, code: 'not_found' });
    },
  },
  'PUT ./api/conversations/[id]/route.ts': {
    checks: 'Origin; size cap; zod; writes only under the caller’s own prefix, so A’s conversation of the same id is untouched',
    creates: true,
    probe: async ({ world: w }) => {
      const body = sampleConversation({ datasetId: w.a.datasetId });
      const request = new Request('http://127.0.0.1:3000/x', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', host: '127.0.0.1:3000' },
        body: JSON.stringify(body),
      });
      const response = await respond('PUT ./api/conversations/[id]/route.ts', request, routeContext({ id: w.a.conversationId }));
      expect(response.status).toBe(200);
    },
  },
  'GET ./api/analyses/[id]/figures/[name]/route.ts': {
    checks: 'capability: a valid (unrevoked, unexpired) 128-bit analysis id and a figure its record lists',
    probe: async () => {
      const response = await respond(
        'GET ./api/analyses/[id]/figures/[name]/route.ts',
        new Request('http://app.test/x'),
        routeContext({ id: 'AAAAAAAAAAAAAAAAAAAAAA', name: '1-1-1.png' }),
      );
      expect(response.status).toBe(404);
    },
  },
  'GET ./api/storage/object/route.ts': {
    checks: 'capability: HMAC signature over op, key and expiry (local driver only)',
    probe: async ({ world: w }) => {
      const response = await respond(
        'GET ./api/storage/object/route.ts',
        new Request(`http://app.test/api/storage/object?op=get&key=${encodeURIComponent(w.a.datasetKey)}&exp=9999999999&sig=forged`),
      );
      expect(response.status).toBe(403);
    },
  },
  'PUT ./api/storage/object/route.ts': {
    checks: 'Origin; capability: HMAC over op, key, expiry, length, type; single-use (409 after registration)',
    probe: async ({ world: w }) => {
      const url = `http://app.test/api/storage/object?op=put&key=${encodeURIComponent(w.a.datasetKey)}&exp=9999999999&len=3&type=text%2Fcsv&sig=forged`;
      const response = await respond(
        'PUT ./api/storage/object/route.ts',
        new Request(url, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: 'x,y' }),
      );
      expect(response.status).toBe(403);
    },
  },
  'GET ./api/auth/[...all]/route.ts': {
    checks: 'AUTH_MODE=none: 404 (no accounts). Sign-in modes: Better Auth (session cookie; its own CSRF check)',
    probe: async () => {
      const response = await respond('GET ./api/auth/[...all]/route.ts', new Request('http://127.0.0.1:3000/api/auth/get-session'));
      expect(response.status).toBe(404);
    },
  },
  'POST ./api/auth/[...all]/route.ts': {
    checks: 'Origin; 16 KB body cap; AUTH_MODE=none: 404. Sign-in modes: Better Auth (Origin vs BETTER_AUTH_URL; sign-up policy)',
    probe: async () => {
      const response = await respond(
        'POST ./api/auth/[...all]/route.ts',
        post('/api/auth/sign-up/email', { email: 'x@y.example', password: 'correct horse battery', name: 'x' }),
      );
      expect(response.status).toBe(404);
    },
  },
  'GET ./kernel/frame/route.ts': {
    checks: 'static document (the kernel frame), the same for every caller; no stored data',
    probe: async ({ world: w }) => {
      const text = await (await respond('GET ./kernel/frame/route.ts', new Request('http://127.0.0.1:3000/kernel/frame'))).text();
      expect(text).not.toContain(w.a.datasetId);
    },
  },
};

beforeAll(async () => {
  world = await buildAccessWorld();
  for (const [key, callable] of await loadCallables({ actionModules, routeModules })) loaded.set(key, callable);
}, 60_000);

describe('access: every action and route is listed with what it checks', () => {
  it('lists exactly the exported server actions', () => {
    expect([...loaded.keys()].filter((key) => !key.includes(' ')).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it('lists exactly the route handlers', () => {
    expect([...loaded.keys()].filter((key) => key.includes(' ')).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('agrees with the build’s server-reference manifest when there is one', () => {
    const file = path.join(process.cwd(), '.next/server/server-reference-manifest.json');
    if (!existsSync(file)) return; // No build yet: the glob above is the list.
    const entry = z.object({ exportedName: z.string().optional(), filename: z.string().optional() }).loose();
    const manifest = z
      .object({ node: z.record(z.string(), entry).default({}) })
      .loose()
      .parse(JSON.parse(readFileSync(file, 'utf8')));
    const named = Object.values(manifest.node).flatMap(({ exportedName, filename }) =>
      exportedName && filename && /lib\/[^/]+\/actions\.ts$/.test(filename) ? [`${path.basename(path.dirname(filename))}.${exportedName}`] : [],
    );
    for (const name of named) expect(Object.keys(ACTIONS), `${name} is in the build but not in the access table`).toContain(name);
  });
});

describe('access: strangers are refused and change nothing', () => {
  for (const [name, entry] of Object.entries({ ...ACTIONS, ...ROUTES })) {
    it(`${name}: ${entry.checks}`, async () => {
      for (const stranger of world.strangers) {
        actAs({ jar: (await mock).state.jar, token: stranger.token });
        const before = await world.snapshot();
        await entry.probe({ world, stranger });
        const after = await world.snapshot();
        if (entry.creates) {
          // New objects are allowed only outside what A had: every key A had is byte for byte the same.
          for (const [key, bytes] of before) expect(after.get(key), `${name} as ${stranger.name}: ${key}`).toBe(bytes);
        } else {
          expect(after, `${name} as ${stranger.name}`).toEqual(before);
        }
      }
    });
  }
  it('owner A still reaches everything (the probes are not refusing everyone)', async () => {
    actAs({ jar: (await mock).state.jar, token: world.a.token });
    expect(await call('files.getDownloadUrls', { ids: [world.a.datasetId] })).toMatchObject({ ok: true });
    expect(JSON.stringify(await call('files.listDatasets', {}))).toContain(world.a.datasetId);
    expect(await call('share.setAllowRerun', { id: world.a.analysisId, allowRerun: false })).toMatchObject({ ok: true });
    const own = await respond('GET ./api/conversations/[id]/route.ts', new Request('http://127.0.0.1:3000/x'), routeContext({ id: world.a.conversationId }));
    expect(await own.json()).toMatchObject({ ok: true, conversation: { id: world.a.conversationId, title: 'How many units per region?' } });
    expect(await call('files.previewReadOptions', { id: world.a.datasetId, readOptions: { hasHeader: false } })).toMatchObject({
      ok: true,
      dataset: { hasHeader: false },
    });
    expect(await call('files.importFromPrefix', { prefix: SHARED_PREFIX })).toMatchObject({
      ok: true,
      imported: [expect.objectContaining({ key: `${SHARED_PREFIX}open.csv` })],
    });
  });
});
