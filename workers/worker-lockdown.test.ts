import { describe, expect, it } from 'vitest';
import { lockDownGlobals } from './worker-lockdown';

describe('lockDownGlobals', () => {
  it('removes network and storage globals and lends fetch back only inside withNetwork', async () => {
    const fakeFetch = () => 'fetched';
    const scope: Record<string, unknown> = {
      fetch: fakeFetch,
      XMLHttpRequest: class {},
      importScripts: () => undefined,
      indexedDB: {},
      postMessage: () => undefined,
    };
    const lockdown = lockDownGlobals(scope);
    expect(lockdown.removed.sort()).toEqual(['XMLHttpRequest', 'fetch', 'importScripts', 'indexedDB']);
    expect(scope.fetch).toBeUndefined();
    expect(scope.postMessage).toBeTypeOf('function');
    const seen = await lockdown.withNetwork(async () => scope.fetch);
    expect(seen).toBe(fakeFetch);
    expect(scope.fetch).toBeUndefined();
  });

  it('lends fetch back when it lives on the prototype, as in a real worker global scope', async () => {
    const fakeFetch = () => 'fetched';
    const scope = Object.create({ fetch: fakeFetch }) as Record<string, unknown>;
    const lockdown = lockDownGlobals(scope);
    expect(scope.fetch).toBeUndefined();
    expect(await lockdown.withNetwork(async () => scope.fetch)).toBe(fakeFetch);
    expect(scope.fetch).toBeUndefined();
    expect(await lockdown.withNetwork(async () => scope.fetch)).toBe(fakeFetch);
  });

  it('deletes globals from the prototype chain too, where escaped code would look next', () => {
    const prototype = { fetch: () => 'fetched', importScripts: () => undefined, caches: {}, indexedDB: {} };
    const scope = Object.create(prototype) as Record<string, unknown>;
    lockDownGlobals(scope);
    for (const name of ['fetch', 'importScripts', 'caches', 'indexedDB']) {
      expect(scope[name]).toBeUndefined();
      expect(Object.hasOwn(prototype, name)).toBe(false);
    }
  });

  it('takes fetch away again when the task fails', async () => {
    const scope: Record<string, unknown> = { fetch: () => undefined };
    const lockdown = lockDownGlobals(scope);
    await expect(lockdown.withNetwork(async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(scope.fetch).toBeUndefined();
  });
});
