/**
 * Counters every server instance sees: daily LLM token budgets (lib/limits/token-budget.ts) and the per-minute LLM
 * rate limit (lib/access/server/rate-limit.ts). They live in the database that holds sessions — SQLite under DATA_DIR on one
 * machine, Postgres (DATABASE_URL) when several instances serve the app — never in one instance's memory, where each
 * replica or cold start would grant a fresh allowance.
 *
 * One row per (period, subject): `period` names the window (`day:2026-12-02`, `minute:2026-12-02T20:41`), `subject`
 * whom it counts (`user:<owner id>`, `all`, `ip:<address>`). Rows carry when they stop mattering and are swept.
 */

export interface CounterStore {
  /**
   * Adds `amount` to every counter in `subjects` of `period`, all in one transaction (each an atomic
   * `INSERT … ON CONFLICT DO UPDATE SET value = value + …`), and returns their new values in the same order.
   * `expiresAt` (ms since epoch): when the rows may be deleted.
   */
  add(args: { period: string; subjects: readonly string[]; amount: number; expiresAt: number }): Promise<number[]>;
  /** Current values (0 for a counter never written), in the order of `subjects`. */
  read(args: { period: string; subjects: readonly string[] }): Promise<number[]>;
  /** Deletes rows whose `expiresAt` is before `now`. */
  sweep(args: { now: number }): Promise<void>;
  /**
   * Claims `name` for `holder` in one atomic statement: true when the claim is new, already `holder`'s, or older than
   * `staleAfterMs` (then it moves to `holder`); false when someone else holds it. The first account's admin seat
   * (lib/access/server/first-account.ts) uses it: two sign-ups racing on an empty database cannot both win.
   */
  claim(args: { name: string; holder: string; now: number; staleAfterMs: number }): Promise<boolean>;
  close(): Promise<void>;
}

/** The one table, the same on SQLite and Postgres (`period`/`subject` avoid words either reserves). */
export const COUNTER_TABLE = 'ayd_usage_counter';

export const CREATE_COUNTER_TABLE = `CREATE TABLE IF NOT EXISTS ${COUNTER_TABLE} (
  period TEXT NOT NULL,
  subject TEXT NOT NULL,
  value BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (period, subject)
)`;

export const CLAIM_TABLE = 'ayd_claim';

export const CREATE_CLAIM_TABLE = `CREATE TABLE IF NOT EXISTS ${CLAIM_TABLE} (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  claimed_at BIGINT NOT NULL
)`;

/** Parameters: name, holder, now, stale-before. A row comes back only when the claim is (now) the holder's. */
export function claimSql(placeholder: (index: number) => string): string {
  const [name, holder, now, staleBefore] = [1, 2, 3, 4].map(placeholder);
  return `INSERT INTO ${CLAIM_TABLE} (name, holder, claimed_at) VALUES (${name}, ${holder}, ${now})
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, claimed_at = excluded.claimed_at
WHERE ${CLAIM_TABLE}.holder = excluded.holder OR ${CLAIM_TABLE}.claimed_at < ${staleBefore}
RETURNING holder`;
}

/** The increment both drivers run, with positional parameters in each driver's spelling. */
export function incrementSql(placeholder: (index: number) => string): string {
  const [period, subject, amount, expiresAt] = [1, 2, 3, 4].map(placeholder);
  return `INSERT INTO ${COUNTER_TABLE} (period, subject, value, expires_at) VALUES (${period}, ${subject}, ${amount}, ${expiresAt})
ON CONFLICT (period, subject) DO UPDATE SET value = ${COUNTER_TABLE}.value + excluded.value, expires_at = excluded.expires_at
RETURNING value`;
}

/** Refuses amounts that would corrupt a counter (NaN, negative, fractional): usage comes from a provider's report. */
export function checkedAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`A counter increment must be a whole number ≥ 0, not ${amount}.`);
  return amount;
}
