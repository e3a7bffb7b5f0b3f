import 'server-only';
import type { AskError } from '@/lib/ask/contracts';
import type { RateLimiter } from '@/lib/access/server/rate-limit';
import { retryAfterSeconds, type TokenBudget } from '@/lib/llm/server/token-budget';

/**
 * What refuses an LLM request before any work, for the routes (answer, review: an HTTP status with Retry-After) and
 * the ask/repair actions (a refusal result with the same seconds) alike: the per-minute rate limit of the caller's
 * address, then the daily token budgets. Both fail closed: a counter nobody can read is no reason to spend.
 */

export interface LimitRefusal {
  error: AskError;
  retryAfterSeconds: number;
}

async function rateLimited({ rateLimiter, key }: { rateLimiter: RateLimiter | null; key: string }): Promise<LimitRefusal | null> {
  let decision: Awaited<ReturnType<RateLimiter['take']>> | undefined;
  try {
    decision = await rateLimiter?.take(key);
  } catch (error) {
    // Failing closed, as the token budget does: no count, no call.
    console.error('The rate limiter could not count this request', error);
    return {
      error: {
        code: 'rate_limited',
        message: 'The request could not be counted against the rate limit (its database did not answer). Try again in a moment.',
        retryable: true,
      },
      retryAfterSeconds: 5,
    };
  }
  if (!decision || decision.ok) return null;
  return {
    error: { code: 'rate_limited', message: `Too many requests from this address. Wait ${decision.retryAfterSeconds} s and try again.`, retryable: true },
    retryAfterSeconds: decision.retryAfterSeconds,
  };
}

/**
 * A spent daily token budget refuses the request before its body is read (saying which budget, how much is used and
 * when it resets); each LLM call checks again (lib/llm/server/llm-call.ts), since one request may make several.
 */
async function overBudget({ budget }: { budget: TokenBudget | undefined }): Promise<LimitRefusal | null> {
  if (!budget) return null;
  let refusal: Awaited<ReturnType<TokenBudget['check']>>;
  try {
    refusal = await budget.check();
  } catch (error) {
    console.error('Checking the LLM token budget failed', error);
    return {
      error: {
        code: 'token_budget',
        message: 'The daily LLM budget could not be checked (its database did not answer). Try again in a moment.',
        retryable: true,
      },
      retryAfterSeconds: 30,
    };
  }
  if (!refusal) return null;
  return { error: { code: 'token_budget', message: refusal.message, retryable: false }, retryAfterSeconds: retryAfterSeconds({ refusal }) };
}

/** `key`: the caller's address as the rate limiter counts it (lib/access/server/rate-limit.ts clientKey). */
export async function limitRefusal({
  key,
  rateLimiter,
  budget,
}: {
  key: string;
  rateLimiter: RateLimiter | null;
  budget: TokenBudget | undefined;
}): Promise<LimitRefusal | null> {
  return (await rateLimited({ rateLimiter, key })) ?? (await overBudget({ budget }));
}
