import 'server-only';

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

/**
 * Who is asking: the first address of X-Forwarded-For (set by the proxy or platform in front of the app), else
 * X-Real-IP, else a per-browser cookie, else one shared "anonymous" bucket. Behind no proxy, X-Forwarded-For is
 * whatever the client sends; deployments exposed directly should strip it at their edge.
 */
export function clientKey({ request }: { request: Request }): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return `ip:${forwarded.slice(0, 100)}`;
  const realIp = request.headers.get('x-real-ip')?.trim();
  if (realIp) return `ip:${realIp.slice(0, 100)}`;
  const cookie = /(?:^|;\s*)ayd_client=([A-Za-z0-9_-]{8,64})/.exec(request.headers.get('cookie') ?? '')?.[1];
  if (cookie) return `cookie:${cookie}`;
  return 'anonymous';
}

let shared: { perMinute: number; limiter: RateLimiter } | undefined;

/** The process-wide limiter for the LLM routes (recreated if the configured rate changes). */
export function getRateLimiter({ perMinute }: { perMinute: number }): RateLimiter {
  if (shared?.perMinute !== perMinute) shared = { perMinute, limiter: createRateLimiter({ perMinute }) };
  return shared.limiter;
}
