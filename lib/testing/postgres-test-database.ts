/**
 * A new, empty Postgres database on the TEST_DATABASE_URL server, for the tests that race sign-ups on Postgres
 * (skipped without TEST_DATABASE_URL); returns its connection URL. Each call gets its own database, so runs never
 * see each other's accounts.
 */
export async function freshPostgresDatabase({ serverUrl, prefix }: { serverUrl: string; prefix: string }): Promise<string> {
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const database = `${prefix}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
