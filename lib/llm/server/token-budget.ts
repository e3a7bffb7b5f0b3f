import 'server-only';
import type { LanguageModelUsage } from 'ai';
import type { CounterStore } from '@/lib/access/server/counter-store';
import { LlmError } from './llm-errors';

/**
 * Daily LLM token budgets: one per user (LLM_DAILY_TOKENS_PER_USER) and one for the whole server
 * (LLM_DAILY_TOKENS_TOTAL), each 0 for off, counted per UTC day in the shared counter store (lib/access/server). Before every
 * LLM call the budgets are checked and a spent one refuses the call (HTTP 429 before a stream, an `error` event inside
 * one); after every call the tokens the provider reported are charged to both. A call is never cut short by the
 * budget, so the last one of a day may pass it by its own size: the check is "spent?", not "would this fit?", because
 * a call's output length is unknown before it runs.
 */

export interface BudgetLimits {
  /** Tokens one user (one owner id; in AUTH_MODE=none one browser, or one address before it has a cookie) may use per UTC day; 0: unlimited. */
  perUser: number;
  /** Tokens all users together may use per UTC day; 0: unlimited. */
  total: number;
}

export interface BudgetRefusal {
  scope: 'user' | 'total';
  used: number;
  limit: number;
  /** When the day's counters start again: the next midnight UTC. */
  resetsAt: Date;
  message: string;
}

export interface TokenBudget {
  /** The refusal when a budget of today is spent, else null. */
  check(): Promise<BudgetRefusal | null>;
  /** Adds `tokens` to the user's and the server's counters of today (atomically, in one transaction). */
  charge(tokens: number): Promise<void>;
}

/** Thrown before an LLM call when a budget is spent; the routes answer it with 429 (or an `error` event mid-stream). */
export class TokenBudgetError extends LlmError {
  constructor(readonly refusal: BudgetRefusal) {
    super({ code: 'token_budget', message: refusal.message, retryable: false });
    this.name = 'TokenBudgetError';
  }
}

const TOTAL_SUBJECT = 'all';

/** The counters' period of the UTC day `now` falls in, and when it ends. */
export function utcDay(now: Date): { period: string; resetsAt: Date } {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { period: `llm-tokens:${new Date(start).toISOString().slice(0, 10)}`, resetsAt: new Date(start + 86_400_000) };
}

function untilText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function refusalMessage({ scope, used, limit, resetsAt, now }: Omit<BudgetRefusal, 'message'> & { now: Date }): string {
  const figures = `${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} tokens used today`;
  const resets = `It resets at midnight UTC (${resetsAt.toISOString().replace('.000Z', 'Z')}, in ${untilText(resetsAt.getTime() - now.getTime())}).`;
  return scope === 'user'
    ? `Your daily LLM budget is spent: ${figures} (LLM_DAILY_TOKENS_PER_USER). ${resets}`
    : `This server's daily LLM budget for all users is spent: ${figures} (LLM_DAILY_TOKENS_TOTAL). ${resets}`;
}

/** Seconds until the refusal lifts (the Retry-After header). */
export function retryAfterSeconds({ refusal, now = new Date() }: { refusal: BudgetRefusal; now?: Date }): number {
  return Math.max(1, Math.ceil((refusal.resetsAt.getTime() - now.getTime()) / 1000));
}

export function createTokenBudget({
  store,
  subject,
  limits,
  now = () => new Date(),
}: {
  store: CounterStore;
  /** Whose budget: an owner id, or `ip:<address>` for an anonymous caller with no owner cookie yet. */
  subject: string;
  limits: BudgetLimits;
  now?: () => Date;
}): TokenBudget {
  const userSubject = `user:${subject}`;
  return {
    async check() {
      const time = now();
      const { period, resetsAt } = utcDay(time);
      const [user = 0, total = 0] = await store.read({ period, subjects: [userSubject, TOTAL_SUBJECT] });
      const spent =
        limits.perUser > 0 && user >= limits.perUser
          ? { scope: 'user' as const, used: user, limit: limits.perUser }
          : limits.total > 0 && total >= limits.total
            ? { scope: 'total' as const, used: total, limit: limits.total }
            : null;
      return spent ? { ...spent, resetsAt, message: refusalMessage({ ...spent, resetsAt, now: time }) } : null;
    },
    async charge(tokens) {
      if (tokens <= 0) return;
      const time = now();
      const { period, resetsAt } = utcDay(time);
      // Kept a day past its end, then swept (about once in fifty charges: a cheap DELETE on the primary key's table).
      await store.add({ period, subjects: [userSubject, TOTAL_SUBJECT], amount: Math.ceil(tokens), expiresAt: resetsAt.getTime() + 86_400_000 });
      if (Math.random() < 0.02) await store.sweep({ now: time.getTime() }).catch((error: unknown) => console.warn('Sweeping old usage counters failed', error));
    },
  };
}

/** Tokens of one call as the AI SDK reports them (input + output; reasoning is part of output). */
export function tokensOf(usage: LanguageModelUsage | undefined): number {
  return (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
}

/**
 * A call whose usage the provider never reported (the client went away mid-stream, the stream failed): charged by
 * the usual estimate of one token per four characters of what was sent and received, so aborting a stream just before
 * its end does not make it free.
 */
export function estimatedTokens({ sent, received }: { sent: string; received: string }): number {
  return Math.ceil((sent.length + received.length) / 4);
}
