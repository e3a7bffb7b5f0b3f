import 'server-only';
import { isPeerHeaderTrusted, PEER_HEADER } from '@/lib/security/peer-address';

/**
 * Per-client rate limit of the LLM routes: a token bucket per client key holding `perMinute` tokens, refilled
 * continuously (perMinute / 60 per second), one token per request.
 *
 * Limitation: the buckets live in this server instance's memory. Several instances (serverless functions, replicas)
 * each keep their own, so the effective limit is perMinute × instances, and a cold start forgets them. That is a
 * guard against a runaway page or a casual script, not a quota; a shared store (Redis, the platform's firewall)
 * is the place for a hard limit.
 */

export interface RateLimitDecision {
  ok: boolean;
  /** Whole seconds until one token is back (0 when ok). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

export function createRateLimiter({
  perMinute,
  now = () => Date.now(),
  maxKeys = 10_000,
}: {
  perMinute: number;
  now?: () => number;
  /** Bounds memory: past this many clients, the buckets that have been idle longest are dropped. */
  maxKeys?: number;
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; updated: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(key) {
      if (perMinute <= 0) return { ok: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, updated: time };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (time - bucket.updated) * perMs);
      bucket.updated = time;
      // Re-insert so Map order is least-recently-used first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)), remaining: 0 };
    },
  };
}

let warnedUnknownPeer = false;

/**
 * Who is asking, for the rate limit. With `trustedProxies` 0 (TRUSTED_PROXY_COUNT, the default) the TCP peer address
 * alone: X-Forwarded-For is whatever the client wrote, so trusting it would give every spoofed value a fresh bucket.
 * With N trusted proxies in front, each appending the address it saw, the client is the entry N places from the right
 * of [X-Forwarded-For…, peer]; anything further left was written by the client and is ignored. The peer address comes
 * from lib/security/peer-address.ts; where it is unavailable every request shares one bucket (safe, if strict).
 */
export function clientKey({ request, trustedProxies = 0 }: { request: Request; trustedProxies?: number }): string {
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

let shared: { perMinute: number; limiter: RateLimiter } | undefined;

/** The process-wide limiter for the LLM routes (recreated if the configured rate changes). */
export function getRateLimiter({ perMinute }: { perMinute: number }): RateLimiter {
  if (shared?.perMinute !== perMinute) shared = { perMinute, limiter: createRateLimiter({ perMinute }) };
  return shared.limiter;
}
