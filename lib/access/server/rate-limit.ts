import 'server-only';
import type { CounterStore } from '@/lib/access/server/counter-store';
import { isPeerHeaderTrusted, PEER_HEADER } from '@/lib/access/server/peer-address';

/**
 * Per-client rate limit of the LLM routes: at most `perMinute` requests per client key in any minute, counted in the
 * shared counter store (lib/access/server: SQLite under DATA_DIR or the Postgres of DATABASE_URL), so every server instance
 * sees the same counts and a restart forgets nothing. A sliding-window counter: this minute's count plus last minute's
 * weighted by how much of it still lies within the last 60 s — one atomic increment and one read per request, no
 * per-request rows. Refused requests count too: a client hammering the routes stays refused.
 */

export interface RateLimitDecision {
  ok: boolean;
  /** Whole seconds until a request would be admitted again (0 when ok). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  take(key: string): Promise<RateLimitDecision>;
}

const MINUTE_MS = 60_000;

export function createRateLimiter({
  store,
  perMinute,
  bucket = 'llm-rate',
  now = () => Date.now(),
}: {
  store: CounterStore;
  perMinute: number;
  /** What is counted: the LLM requests (default), or another kind counted apart from them (Cancel's `ask-cancel-rate`). */
  bucket?: string;
  now?: () => number;
}): RateLimiter {
  const minutePeriod = (start: number) => `${bucket}:${new Date(start).toISOString().slice(0, 16)}`;
  return {
    async take(key) {
      if (perMinute <= 0) return { ok: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };
      const time = now();
      const windowStart = Math.floor(time / MINUTE_MS) * MINUTE_MS;
      const [current = 0] = await store.add({ period: minutePeriod(windowStart), subjects: [key], amount: 1, expiresAt: windowStart + 3 * MINUTE_MS });
      const [previous = 0] = await store.read({ period: minutePeriod(windowStart - MINUTE_MS), subjects: [key] });
      const elapsed = (time - windowStart) / MINUTE_MS;
      const estimate = previous * (1 - elapsed) + current;
      if (estimate <= perMinute) return { ok: true, retryAfterSeconds: 0, remaining: Math.max(0, Math.floor(perMinute - estimate)) };
      // When the next request would fit (it adds 1): later in this minute as last minute's weight fades, or else once
      // this minute's count has become "last minute" and faded enough in its turn.
      const fadeWithin = previous > 0 && current + 1 <= perMinute ? (1 - (perMinute - current - 1) / previous - elapsed) * MINUTE_MS : Number.POSITIVE_INFINITY;
      const fadeNext = windowStart + MINUTE_MS - time + Math.max(0, 1 - (perMinute - 1) / current) * MINUTE_MS;
      const waitMs = Math.min(fadeWithin > 0 ? fadeWithin : Number.POSITIVE_INFINITY, fadeNext);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), remaining: 0 };
    },
  };
}

let warnedUnknownPeer = false;

/** A route's Request, or a server action's request headers (next/headers) wrapped as `{ headers }`. */
export interface RequestHeaders {
  headers: Pick<Headers, 'get'>;
}

/**
 * Who is asking, for the rate limit. With `trustedProxies` 0 (TRUSTED_PROXY_COUNT, the default) the TCP peer address
 * alone: X-Forwarded-For is whatever the client wrote, so trusting it would give every spoofed value a fresh bucket.
 * With N trusted proxies in front, each appending the address it saw, the client is the entry N places from the right
 * of [X-Forwarded-For…, peer]; anything further left was written by the client and is ignored. The peer address comes
 * from lib/access/server/peer-address.ts; where it is unavailable every request shares one bucket (safe, if strict).
 */
export function clientKey({ request, trustedProxies = 0 }: { request: RequestHeaders; trustedProxies?: number }): string {
  const peer = isPeerHeaderTrusted() ? request.headers.get(PEER_HEADER)?.trim() : undefined;
  if (!peer) {
    if (!warnedUnknownPeer) {
      warnedUnknownPeer = true;
      console.warn('Rate limit: the client address is unknown (instrumentation.ts did not run); all clients share one bucket.');
    }
    return 'peer:unknown';
  }
  if (trustedProxies === 0) return `ip:${peer.slice(0, 100)}`;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const chain = [...forwarded, peer];
  const client = chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
  return `ip:${client.slice(0, 100)}`;
}

/** The LLM routes' limiter over the shared counter store (lib/access/server/counter-db.ts). */
export async function getRateLimiter({ perMinute, bucket }: { perMinute: number; bucket?: string }): Promise<RateLimiter> {
  const { getCounterStore } = await import('@/lib/access/server/counter-db');
  return createRateLimiter({ store: await getCounterStore(), perMinute, ...(bucket ? { bucket } : {}) });
}
