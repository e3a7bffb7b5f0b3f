import { beforeAll, describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { sampleInput } from '@/lib/share/test-support/analysis-fixture';
import { sampleConversation } from '@/lib/conversations/test-support/conversation-fixture';
import { resetEnvCache } from '@/lib/core/server/env';
import { resetAuthCache } from '@/lib/access/server/auth';
import { newRandomId } from '@/lib/core/random-id';
import { PEER_HEADER } from '@/lib/access/server/peer-address';
import { actAs, buildAccessWorld, loadCallables, SHARED_PREFIX, type AccessWorld, type Callable } from './test-support/access-world';

/**
 * The access test's sign-in half (app/access.test.ts is the AUTH_MODE=none half): with AUTH_MODE=password, every
 * server action and every route but the capability ones refuses a caller with no session, even one holding owner A's
 * anonymous cookie (the embedded mode's identity counts for nothing here), before touching anything. Inputs are
 * valid, so the refusal is the session check and not input validation. A new action or route must be listed here.
 */

const actionModules = import.meta.glob<Record<string, unknown>>('../lib/*/actions.ts');
const routeModules = import.meta.glob<Record<string, unknown>>('./**/route.ts');

let world: AccessWorld;
const loaded = new Map<string, Callable>();
const post = (url: string, body: unknown) =>
  new Request(`http://127.0.0.1:3000${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', [PEER_HEADER]: '127.0.0.1' },
    body: JSON.stringify(body),
  });

/** A valid input for each action (ids of A's objects), so only the missing session can refuse it. */
const ACTION_INPUTS: Record<string, (w: AccessWorld) => unknown> = {
  'files.createUpload': () => ({ fileName: 'x.csv', size: 5 }),
  'files.completeUpload': (w) => ({ id: w.a.pendingId, uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] }),
  'files.abortUpload': (w) => ({ id: w.a.pendingId }),
  'files.registerDataset': (w) => ({ id: w.a.pendingId }),
  'files.listDatasets': () => ({}),
  'files.renameDataset': (w) => ({ id: w.a.datasetId, displayName: 'x.csv' }),
  'files.previewReadOptions': (w) => ({ id: w.a.datasetId, readOptions: { hasHeader: false } }),
  'files.setReadOptions': (w) => ({ id: w.a.datasetId, readOptions: { hasHeader: false } }),
  'files.deleteDataset': (w) => ({ id: w.a.datasetId }),
  'files.importFromPrefix': () => ({ prefix: SHARED_PREFIX }),
  'files.getDownloadUrls': (w) => ({ ids: [w.a.datasetId] }),
  'share.listMyAnalyses': () => ({}),
  'share.revokeAnalysis': (w) => ({ id: w.a.analysisId }),
  'share.deleteAnalysis': (w) => ({ id: w.a.analysisId }),
  'share.setAnalysisExpiry': (w) => ({ id: w.a.analysisId, expiresInDays: null }),
  'share.setAllowRerun': (w) => ({ id: w.a.analysisId, allowRerun: true }),
  'share.prepareRerun': (w) => ({ id: w.a.analysisId }),
  'access.loadAdminState': () => ({}),
  'access.inviteByEmail': () => ({ email: 'x@y.example', days: 1 }),
  'access.withdrawInvite': () => ({ id: 'x' }),
  'access.allowDomain': () => ({ domain: 'evil.example' }),
  'access.disallowDomain': () => ({ domain: 'evil.example' }),
  'ask.ask': (w) => ({ runId: newRandomId(), request: { question: 'Total units?', datasetIds: [w.a.datasetId], pinnedIds: [w.a.datasetId] } }),
  'ask.repair': (w) => ({
    runId: newRandomId(),
    request: {
      question: 'q',
      datasetIds: [w.a.datasetId],
      attempts: [{ code: 'x', status: 'python', error: { type: 'E', message: 'm', line: null, traceback: '' } }],
    },
  }),
  'ask.cancelAsk': () => ({ runId: newRandomId() }),
};

/** Routes that need a session, each with a request that would otherwise be served. */
const SESSION_ROUTES: Record<string, (w: AccessWorld) => Request> = {
  'POST ./api/answer/route.ts': () => post('/api/answer', {}),
  'POST ./api/review/route.ts': () => post('/api/review', {}),
  'POST ./api/analyses/route.ts': (w) => post('/api/analyses', sampleInput({ datasetIds: [w.a.datasetId] })),
  'GET ./api/conversations/route.ts': () => new Request('http://127.0.0.1:3000/api/conversations'),
  'POST ./api/conversations/route.ts': (w) => post('/api/conversations', { fromAnalysis: w.a.analysisId }),
  'GET ./api/conversations/[id]/route.ts': (w) => new Request(`http://127.0.0.1:3000/api/conversations/${w.a.conversationId}`),
  'DELETE ./api/conversations/[id]/route.ts': (w) =>
    new Request(`http://127.0.0.1:3000/api/conversations/${w.a.conversationId}`, { method: 'DELETE', headers: { host: '127.0.0.1:3000' } }),
  'PUT ./api/conversations/[id]/route.ts': (w) =>
    new Request(`http://127.0.0.1:3000/api/conversations/${w.a.conversationId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', host: '127.0.0.1:3000' },
      body: JSON.stringify(sampleConversation({ datasetId: w.a.datasetId })),
    }),
};

/** Open without a session: their 128-bit id or signature is the permission, or they are Better Auth's own endpoints. */
const OPEN_ROUTES = [
  'GET ./api/analyses/[id]/figures/[name]/route.ts',
  'GET ./api/storage/object/route.ts',
  'PUT ./api/storage/object/route.ts',
  'GET ./kernel/frame/route.ts',
  'GET ./api/auth/[...all]/route.ts',
  'POST ./api/auth/[...all]/route.ts',
];

beforeAll(async () => {
  world = await buildAccessWorld();
  Object.assign(process.env, { AUTH_MODE: 'password', BETTER_AUTH_URL: 'http://127.0.0.1:3000' });
  resetEnvCache();
  resetAuthCache();
  for (const [key, callable] of await loadCallables({ actionModules, routeModules })) loaded.set(key, callable);
}, 60_000);

describe('access, AUTH_MODE=password: no session, no service', () => {
  it('lists every action and every route', () => {
    expect([...loaded.keys()].filter((key) => !key.includes(' ')).sort()).toEqual(Object.keys(ACTION_INPUTS).sort());
    expect([...loaded.keys()].filter((key) => key.includes(' ')).sort()).toEqual([...Object.keys(SESSION_ROUTES), ...OPEN_ROUTES].sort());
  });

  for (const [name, input] of Object.entries(ACTION_INPUTS)) {
    it(`${name} answers unauthenticated and changes nothing`, async () => {
      for (const token of [null, world.a.token]) {
        actAs({ jar: (await mock).state.jar, token });
        (await mock).state.headers = new Headers();
        const before = await world.snapshot();
        const action = loaded.get(name);
        if (!action) throw new Error(`${name} was not loaded`);
        expect(await action(input(world))).toMatchObject({ ok: false, code: 'unauthenticated' });
        expect(await world.snapshot()).toEqual(before);
      }
    });
  }

  for (const [name, request] of Object.entries(SESSION_ROUTES)) {
    it(`${name} answers 401 and changes nothing`, async () => {
      actAs({ jar: (await mock).state.jar, token: world.a.token });
      (await mock).state.headers = new Headers();
      const before = await world.snapshot();
      const handler = loaded.get(name);
      if (!handler) throw new Error(`${name} was not loaded`);
      const response = await handler(request(world));
      if (!(response instanceof Response)) throw new Error(`${name} did not answer with a Response`);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, code: 'unauthenticated' });
      expect(await world.snapshot()).toEqual(before);
    });
  }
});
