import 'server-only';
import { Pool } from 'pg';
import { checkedAmount, claimSql, COUNTER_TABLE, CREATE_CLAIM_TABLE, CREATE_COUNTER_TABLE, incrementSql, type CounterStore } from './counter-store';

/**
 * The counters in Postgres (DATABASE_URL, the database Better Auth keeps users and sessions in), for several server
 * instances. Each add is one transaction of `INSERT … ON CONFLICT DO UPDATE SET value = value + …`: Postgres locks the
 * row for the update, so concurrent increments from any instance add up and none is lost.
 */
export function openPostgresCounterStore({ connectionString }: { connectionString: string }): CounterStore {
  const pool = new Pool({ connectionString, max: 4 });
  // Created once per process, before the first query; a failure is retried by the next call.
  let ready: Promise<void> | undefined;
  const ensureTable = () => {
    ready ??= pool.query(`${CREATE_COUNTER_TABLE}; ${CREATE_CLAIM_TABLE}`).then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return ready;
  };
  const increment = incrementSql((index) => `$${index}`);
  return {
    async add({ period, subjects, amount, expiresAt }) {
      await ensureTable();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const values: number[] = [];
        for (const subject of subjects) {
          const result = await client.query<{ value: string }>(increment, [period, subject, checkedAmount(amount), expiresAt]);
          // BIGINT arrives as a string from pg.
          values.push(Number(result.rows[0]?.value ?? 0));
        }
        await client.query('COMMIT');
        return values;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async read({ period, subjects }) {
      await ensureTable();
      const result = await pool.query<{ subject: string; value: string }>(
        `SELECT subject, value FROM ${COUNTER_TABLE} WHERE period = $1 AND subject = ANY($2)`,
        [period, [...subjects]],
      );
      const bySubject = new Map(result.rows.map((row) => [row.subject, Number(row.value)]));
      return subjects.map((subject) => bySubject.get(subject) ?? 0);
    },
    async sweep({ now }) {
      await ensureTable();
      await pool.query(`DELETE FROM ${COUNTER_TABLE} WHERE expires_at < $1`, [now]);
    },
    async claim({ name, holder, now, staleAfterMs }) {
      await ensureTable();
      const result = await pool.query(
        claimSql((index) => `$${index}`),
        [name, holder, now, now - staleAfterMs],
      );
      return result.rowCount === 1;
    },
    async close() {
      await pool.end();
    },
  };
}
