import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { incrementSql } from './counter-store';
import { openPostgresCounterStore } from './counter-store-postgres';
import { openSqliteCounterStore } from './counter-store-sqlite';
import { counterStoreSuite } from '../test-support/counter-store-suite';

/**
 * The counter stores against real databases: SQLite in a file in a temp folder (always), Postgres when
 * TEST_DATABASE_URL names a database this test may create a table in (skipped otherwise, and it says so).
 */

counterStoreSuite({
  name: 'SQLite file',
  open: async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'counters-')), 'nested', '.usage.sqlite');
    return { store: openSqliteCounterStore({ file }), reopen: async () => openSqliteCounterStore({ file }) };
  },
});

const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  counterStoreSuite({
    name: 'Postgres (TEST_DATABASE_URL)',
    open: async () => ({
      store: openPostgresCounterStore({ connectionString: postgresUrl }),
      reopen: async () => openPostgresCounterStore({ connectionString: postgresUrl }),
    }),
  });
} else {
  describe('counter store: Postgres', () => {
    it.skip('needs TEST_DATABASE_URL=postgres://… (a database the test may create ayd_usage_counter in)', () => {});
  });
}

describe('counter store: SQLite shared by several processes', () => {
  it('adds up increments from 4 processes writing the same file at once', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'counters-procs-')), '.usage.sqlite');
    openSqliteCounterStore({ file }).close();
    // Each process runs the store's own statement in an IMMEDIATE transaction, as openSqliteCounterStore does.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('busy_timeout = 5000');
      const inc = db.prepare(process.argv[2]);
      const add = db.transaction(() => { inc.get('p', 'user:x', 3, 0); inc.get('p', 'all', 3, 0); });
      for (let i = 0; i < 200; i++) add.immediate();
      db.close();`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(process.execPath, ['-e', script, file, incrementSql(() => '?')], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('error', reject);
          child.on('exit', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const store = openSqliteCounterStore({ file });
    expect(await store.read({ period: 'p', subjects: ['user:x', 'all'] })).toEqual([2400, 2400]);
    await store.close();
  });
});
