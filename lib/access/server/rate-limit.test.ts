import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteCounterStore } from '@/lib/access/server/counter-store-sqlite';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installPeerAddressHeader, isPeerHeaderTrusted, PEER_HEADER } from '@/lib/access/server/peer-address';
import { clientKey, createRateLimiter } from './rate-limit';

describe('createRateLimiter (shared counters in a real SQLite file)', () => {
  const limiterAt = (
    perMinute: number,
    clock: { now: number },
    store = openSqliteCounterStore({ file: path.join(mkdtempSync(path.join(tmpdir(), 'rate-')), '.usage.sqlite') }),
  ) => ({
    store,
    limiter: createRateLimiter({ store, perMinute, now: () => clock.now }),
  });

  it('allows perMinute requests at once, then refuses with the seconds until the next one fits', async () => {
    const clock = { now: 0 };
    const { limiter } = limiterAt(3, clock);
    expect(await Promise.all([1, 2, 3].map(() => limiter.take('a').then((decision) => decision.ok)))).toEqual([true, true, true]);
    const refused = await limiter.take('a');
    // 4 counted in minute 0 (refusals count): the next fits once 4 × (1 − f) + 1 ≤ 3, at f = 0.5 of minute 1.
    expect(refused).toMatchObject({ ok: false, remaining: 0, retryAfterSeconds: 90 });
    clock.now = 89_000;
    expect((await limiter.take('a')).ok).toBe(false);
    clock.now = 150_000;
    expect((await limiter.take('a')).ok).toBe(true);
  });

  it('keeps one count per client, and another limiter on the same database (another instance) sees it', async () => {
    const clock = { now: 30_000 };
    const { limiter, store } = limiterAt(1, clock);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rate-shared-')), '.usage.sqlite');
    const first = createRateLimiter({ store: openSqliteCounterStore({ file }), perMinute: 1, now: () => clock.now });
    const second = createRateLimiter({ store: openSqliteCounterStore({ file }), perMinute: 1, now: () => clock.now });
    expect((await first.take('a')).ok).toBe(true);
    expect((await second.take('a')).ok).toBe(false);
    expect((await second.take('b')).ok).toBe(true);
    expect((await limiter.take('a')).ok).toBe(true);
    await store.close();
  });

  it('is off at 0 per minute', async () => {
    const { limiter } = limiterAt(0, { now: 0 });
    expect((await Promise.all(Array.from({ length: 100 }, () => limiter.take('a')))).every((decision) => decision.ok)).toBe(true);
  });
});

describe('clientKey', () => {
  const request = (headers: Record<string, string>) => new Request('http://app.test/api/ask', { method: 'POST', headers });
  const peer = (address: string, headers: Record<string, string> = {}) => request({ [PEER_HEADER]: address, ...headers });

  it('shares one bucket while the peer hook is not installed, whatever the client claims', () => {
    // Runs first: the hook is process-wide once installed.
    expect(isPeerHeaderTrusted()).toBe(false);
    expect(clientKey({ request: peer('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }) })).toBe('peer:unknown');
  });

  it('keys on the socket address and ignores a spoofed X-Forwarded-For by default', async () => {
    installPeerAddressHeader();
    const keys = Array.from({ length: 8 }, (_, index) =>
      clientKey({ request: peer('127.0.0.1', { 'x-forwarded-for': `10.0.0.${index}`, 'x-real-ip': `10.1.0.${index}` }) }),
    );
    expect(new Set(keys)).toEqual(new Set(['ip:127.0.0.1']));
    // Eight spoofed requests against a limit of 3: five refused, as for one client.
    const store = openSqliteCounterStore({ file: path.join(mkdtempSync(path.join(tmpdir(), 'rate-spoof-')), '.usage.sqlite') });
    const limiter = createRateLimiter({ store, perMinute: 3, now: () => 0 });
    const decisions = [];
    for (const key of keys) decisions.push(await limiter.take(key));
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(3);
    await store.close();
  });

  it.each([
    [1, '203.0.113.7, 198.51.100.9', 'ip:198.51.100.9'],
    [2, 'spoofed, 203.0.113.7, 198.51.100.9', 'ip:203.0.113.7'],
    [5, '203.0.113.7', 'ip:203.0.113.7'],
  ])('with %i trusted proxies takes that many hops from the right of [%s, peer]', (trustedProxies, forwarded, key) => {
    installPeerAddressHeader();
    expect(clientKey({ request: peer('10.0.0.2', { 'x-forwarded-for': forwarded }), trustedProxies })).toBe(key);
  });

  it('sets the peer header from the socket on a real server, overwriting what the client sent', async () => {
    installPeerAddressHeader();
    const server = http.createServer((incoming, response) => response.end(String(incoming.headers[PEER_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } });
      expect(await response.text()).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});
