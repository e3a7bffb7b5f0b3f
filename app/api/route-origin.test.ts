import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The LLM routes ask who the caller is (lib/access/server/caller.ts), which reads next/headers' request scope.
const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);
import { resetEnvCache } from '@/lib/core/server/env';
import { resetStorageCache } from '@/lib/storage/server';

/**
 * Every state-changing export of every app/api route, found by globbing (a new route cannot be forgotten), called as
 * Next calls it: a null or foreign Origin is refused with 403 `forbidden_origin` before the handler reads anything;
 * the app's own origin reaches the handler (which then refuses the empty body for its own reasons).
 */

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routeModules = import.meta.glob<Record<string, unknown>>('./**/route.ts');
const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const APP = 'http://127.0.0.1:3000';
const saved = { ...process.env };

function isHandler(value: unknown): value is Handler {
  return typeof value === 'function';
}

async function stateChangingHandlers(): Promise<Array<{ route: string; method: string; handler: Handler }>> {
  const found = [];
  for (const [file, load] of Object.entries(routeModules)) {
    const module = await load();
    for (const method of STATE_CHANGING) {
      const handler = module[method];
      if (isHandler(handler)) found.push({ route: file, method, handler });
    }
  }
  return found;
}

async function call({ handler, method, origin }: { handler: Handler; method: string; origin?: string }): Promise<{ status: number; code: unknown }> {
  const headers: Record<string, string> = { host: '127.0.0.1:3000', 'content-type': 'application/json' };
  if (origin) headers.origin = origin;
  if (origin && origin !== APP) headers['sec-fetch-site'] = 'cross-site';
  const response = await handler(new Request(`${APP}/api/x`, { method, body: '{}', headers }), { params: Promise.resolve({}) });
  const body: unknown = await response.json().catch(() => null);
  const code = body && typeof body === 'object' && 'code' in body ? body.code : body && typeof body === 'object' && 'error' in body ? body.error : null;
  return { status: response.status, code };
}

beforeAll(() => {
  process.env = { ...saved, STORAGE: 'local', DATA_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'route-origin-')), 'data'), AI_PROVIDER: 'offline' };
  resetEnvCache();
  resetStorageCache();
});

afterAll(() => {
  process.env = saved;
  resetEnvCache();
  resetStorageCache();
});

describe('state-changing API routes refuse foreign origins', () => {
  it('finds the routes it is meant to cover', async () => {
    const names = (await stateChangingHandlers()).map(({ route, method }) => `${method} ${route}`).sort();
    expect(names).toEqual([
      'DELETE ./conversations/[id]/route.ts',
      'POST ./analyses/route.ts',
      'POST ./answer/route.ts',
      'POST ./auth/[...all]/route.ts',
      'POST ./conversations/route.ts',
      'POST ./review/route.ts',
      'PUT ./conversations/[id]/route.ts',
      'PUT ./storage/object/route.ts',
    ]);
  });

  it.each([
    ['Origin: null', 'null'],
    ['a foreign origin', 'https://evil.example'],
  ])('answers %s with 403 forbidden_origin on every route', async (_name, origin) => {
    for (const { route, method, handler } of await stateChangingHandlers()) {
      expect(await call({ handler, method, origin }), `${method} ${route}`).toEqual({ status: 403, code: 'forbidden_origin' });
    }
  });

  it('lets the app’s own origin reach every handler', async () => {
    for (const { route, method, handler } of await stateChangingHandlers()) {
      const { code } = await call({ handler, method, origin: APP });
      expect(code, `${method} ${route}`).not.toBe('forbidden_origin');
      expect(code, `${method} ${route}`).not.toBeNull();
    }
  });
});
