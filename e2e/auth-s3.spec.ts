// Tier 4: the password sign-in mode on STORAGE=s3 (e2e/auth.spec.ts covers it on local storage). The same build is
// started with AUTH_MODE=password against an s3rver started here on loopback (its own ports and bucket): sign-up,
// an upload straight to the bucket, sign-out, sign-in, and a second account that sees none of the first's datasets
// and whose direct action calls with the first's dataset id are refused.
import { createServer } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import S3rver from 's3rver';
import { startAuthApp, type RunningApp } from './support/auth-apps';
import { fileRow, SALES_CSV, uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';
import { datasetActionIds } from './support/actions';

test.describe.configure({ mode: 'serial' });

const BUCKET = 'e2e-auth-bucket';
let app: RunningApp;
let s3rver: S3rver;

/** A loopback port nobody listens on now (the OS picks it): this spec's servers never collide with the fixed ones. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const appPort = await freePort();
  const directory = path.join(process.cwd(), `.data/e2e-auth-s3rver-${appPort}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  // The CORS the bucket needs for browser uploads and downloads (as e2e/support/start-s3-app.mjs configures).
  const cors = `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:${appPort}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>content-type</AllowedHeader><AllowedHeader>range</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`;
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: BUCKET, configs: [cors] }] });
  const { port: s3Port } = await s3rver.run();
  app = await startAuthApp({
    port: appPort,
    mode: 'password',
    extraEnv: {
      AUTH_SIGNUP_DOMAINS: 'team.example',
      STORAGE: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      NODE_OPTIONS: '--openssl-legacy-provider',
    },
  });
});

test.afterAll(async () => {
  await app?.stop();
  s3rver?.httpServer?.closeAllConnections();
  await s3rver?.close().catch(() => undefined);
});

async function signUp(page: Page, email: string): Promise<void> {
  await page.goto(`${app.origin}/sign-in`);
  if ((await page.getByRole('button', { name: 'Create account' }).count()) === 0) await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page).toHaveURL(`${app.origin}/`);
  await expect(page.getByTestId('account-email')).toHaveText(email);
}

test('password on S3: sign-up, upload to the bucket, sign-out and sign-in; a second account sees none of it', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signUp(page, 'owner@anywhere.example');
  await openWorkspace(page, `${app.origin}/`);
  const name = `private-${uniqueTag()}.csv`;
  const put = page.waitForRequest((request) => request.method() === 'PUT' && request.url().includes(`/${BUCKET}/datasets/`));
  const row = await uploadReady(page, name, SALES_CSV);
  await put;
  const id = (await row.getAttribute('data-id')) ?? '';
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(`${app.origin}/sign-in`);
  await page.getByLabel('Email').fill('owner@anywhere.example');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${app.origin}/`);
  await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready');

  const second = await browser.newContext();
  const other = await second.newPage();
  await signUp(other, 'colleague@team.example');
  await openWorkspace(other, `${app.origin}/`);
  await expect(other.getByTestId('file-list')).toHaveAttribute('aria-busy', 'false');
  await expect(fileRow(other, name)).toHaveCount(0);
  await expect(other.locator(`[data-id="${id}"]`)).toHaveCount(0);
  const actions = datasetActionIds();
  for (const [action, input] of [
    ['getDownloadUrls', { ids: [id] }],
    ['renameDataset', { id, displayName: 'mine.csv' }],
    ['deleteDataset', { id }],
  ] as const) {
    const actionId = actions[action];
    if (!actionId) throw new Error(`${action} is not in the build`);
    const answer = await other.evaluate(
      async ({ actionId: key, body }) => {
        const response = await fetch('/', {
          method: 'POST',
          headers: { 'next-action': key, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' },
          body,
        });
        return response.text();
      },
      { actionId, body: JSON.stringify([input]) },
    );
    expect(answer, action).toContain('"code":"not_found"');
    expect(answer, action).not.toContain('X-Amz');
  }
  // The owner still has it, unrenamed.
  await page.reload();
  await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready');
  await Promise.all([first.close(), second.close()]);
});
