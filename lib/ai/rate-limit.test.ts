import { describe, expect, it } from 'vitest';
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
  it.each([
    [{ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }, 'ip:203.0.113.7'],
    [{ 'x-real-ip': '198.51.100.2' }, 'ip:198.51.100.2'],
    [{ cookie: 'theme=dark; ayd_client=abcdefgh12345678' }, 'cookie:abcdefgh12345678'],
    [{}, 'anonymous'],
  ])('%j → %s', (headers, key) => {
    expect(clientKey({ request: request(headers) })).toBe(key);
  });
});
