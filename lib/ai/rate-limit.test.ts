import { describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installPeerAddressHeader, isPeerHeaderTrusted, PEER_HEADER } from '@/lib/security/peer-address';
import { clientKey, createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows perMinute requests at once, then refuses with the seconds until one token is back', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused).toMatchObject({ ok: false, remaining: 0 });
    expect(refused.retryAfterSeconds).toBe(20); // one token per 20 s at 3/min
    now = 19_000;
    expect(limiter.take('a').ok).toBe(false);
    now = 20_001;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps one bucket per client', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('refills to at most perMinute tokens', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, now: () => now });
    limiter.take('a');
    now = 10 * 60_000;
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, false]);
  });

  it('is off at 0 per minute', () => {
    const limiter = createRateLimiter({ perMinute: 0 });
    expect(Array.from({ length: 100 }, () => limiter.take('a').ok).every(Boolean)).toBe(true);
  });

  it('bounds its memory by forgetting the least recently seen clients', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
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

  it('keys on the socket address and ignores a spoofed X-Forwarded-For by default', () => {
    installPeerAddressHeader();
    const keys = Array.from({ length: 8 }, (_, index) => clientKey({ request: peer('127.0.0.1', { 'x-forwarded-for': `10.0.0.${index}`, 'x-real-ip': `10.1.0.${index}` }) }));
    expect(new Set(keys)).toEqual(new Set(['ip:127.0.0.1']));
    // Eight spoofed requests against a limit of 3: five refused, as for one client.
    const limiter = createRateLimiter({ perMinute: 3, now: () => 0 });
    expect(keys.map((key) => limiter.take(key).ok).filter(Boolean)).toHaveLength(3);
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
