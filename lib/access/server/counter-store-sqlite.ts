import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkedAmount, claimSql, COUNTER_TABLE, CREATE_CLAIM_TABLE, CREATE_COUNTER_TABLE, incrementSql, type CounterStore } from './counter-store';

/**
 * The counters in a SQLite file (better-sqlite3 12, as Better Auth's own connection: lib/access/server/auth.ts). Several
 * processes on one machine may share the file: WAL lets readers proceed during a write, and `busy_timeout` makes a
 * writer wait for another's transaction instead of failing. Each add is one IMMEDIATE transaction, so concurrent
 * increments are serialised by SQLite's write lock and none is lost.
 */
export function openSqliteCounterStore({ file }: { file: string }): CounterStore {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(CREATE_COUNTER_TABLE);
  db.exec(CREATE_CLAIM_TABLE);
  const claim = db.prepare<[string, string, number, number], { holder: string }>(claimSql(() => '?'));
  const increment = db.prepare<[string, string, number, number], { value: number | bigint }>(incrementSql(() => '?'));
  const select = db.prepare<[string, string], { value: number | bigint }>(`SELECT value FROM ${COUNTER_TABLE} WHERE period = ? AND subject = ?`);
  const sweep = db.prepare<[number]>(`DELETE FROM ${COUNTER_TABLE} WHERE expires_at < ?`);
  const addAll = db.transaction((period: string, subjects: readonly string[], amount: number, expiresAt: number) =>
    subjects.map((subject) => Number(increment.get(period, subject, amount, expiresAt)?.value ?? 0)),
  );
  return {
    async add({ period, subjects, amount, expiresAt }) {
      return addAll.immediate(period, subjects, checkedAmount(amount), expiresAt);
    },
    async read({ period, subjects }) {
      return subjects.map((subject) => Number(select.get(period, subject)?.value ?? 0));
    },
    async sweep({ now }) {
      sweep.run(now);
    },
    async claim({ name, holder, now, staleAfterMs }) {
      return claim.get(name, holder, now, now - staleAfterMs) !== undefined;
    },
    async close() {
      db.close();
    },
  };
}
