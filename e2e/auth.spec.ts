// Tier 4 for the sign-in modes: the same build started with AUTH_MODE=password and with AUTH_MODE=oidc (against a
// real OpenID provider on loopback), each on its own port and empty DATA_DIR (e2e/support/auth-apps.ts). Sign-up
// (the first account is admin), sign-out, sign-in, the redirect of a signed-out page, refusals of a server action and
// a route without a session, the sign-up domain rule, and a single sign-on round trip through the provider's own
// login and consent pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, request, test, type Page } from '@playwright/test';
import { z } from 'zod';
import { askActionIds } from './support/actions';
import { AUTH_OIDC_APP_PORT, AUTH_PASSWORD_APP_PORT, OIDC_PROVIDER_PORT } from './support/e2e-ports';
import { OIDC_CLIENT_ID, startAuthApp, startOidcProvider, type RunningApp } from './support/auth-apps';

test.describe.configure({ mode: 'serial' });

let passwordApp: RunningApp;
let oidcApp: RunningApp;
let provider: { issuer: string; stop: () => Promise<void> };

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const oidcOrigin = `http://127.0.0.1:${AUTH_OIDC_APP_PORT}`;
  provider = await startOidcProvider({ port: OIDC_PROVIDER_PORT, redirectUri: `${oidcOrigin}/api/auth/callback/oidc` });
  [passwordApp, oidcApp] = await Promise.all([
    startAuthApp({ port: AUTH_PASSWORD_APP_PORT, mode: 'password', extraEnv: { AUTH_SIGNUP_DOMAINS: 'team.example' } }),
    startAuthApp({
      port: AUTH_OIDC_APP_PORT,
      mode: 'oidc',
      extraEnv: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: 'e2e-only-client-secret-0123456789abcdef' },
    }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([passwordApp?.stop(), oidcApp?.stop(), provider?.stop()]);
});

/** The id this build gave `listDatasets` (the server-reference manifest, as e2e/ownership.spec.ts reads it). */
function listDatasetsActionId(): string {
  const manifest = z
    .object({ node: z.record(z.string(), z.object({ filename: z.string().optional(), exportedName: z.string().optional() }).loose()) })
    .loose()
    .parse(JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')));
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === 'lib/files/actions.ts' && entry.exportedName === 'listDatasets');
  if (!found) throw new Error('listDatasets is not in the build’s server-reference manifest');
  return found[0];
}

/** Calls the real listDatasets action from the page, as the page's own code would (same origin, its cookies). */
async function postAction(page: Page): Promise<{ status: number; text: string }> {
  return page.evaluate(async (actionId) => {
    const response = await fetch('/', {
      method: 'POST',
      headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' },
      body: '[{}]',
    });
    return { status: response.status, text: await response.text() };
  }, listDatasetsActionId());
}

async function fillPasswordForm(page: Page, { email, password, create }: { email: string; password: string; create: boolean }): Promise<void> {
  if (create && (await page.getByRole('button', { name: 'Create account' }).count()) === 0)
    await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: create ? 'Create account' : 'Sign in', exact: true }).click();
}

test('password: signed out, pages redirect and actions and routes refuse; the first account is admin; sign-out and sign-in', async ({ page }) => {
  const base = passwordApp.origin;
  await page.goto(`${base}/analyses`);
  await expect(page).toHaveURL(`${base}/sign-in?next=%2Fanalyses`);
  await expect(page.getByText('the first account you create here administers this server')).toBeVisible();

  // Share links stay open without a session: an unknown one is the share page's own 404, not a sign-in redirect.
  const shared = await page.request.get(`${base}/a/AAAAAAAAAAAAAAAAAAAAAA`, { maxRedirects: 0 });
  expect(shared.status()).toBe(404);

  const action = await postAction(page);
  expect(action.status).toBe(401);
  expect(action.text).toContain('unauthenticated');
  // The Ask step's action too (it would spend the server's LLM budget).
  const ask = await page.evaluate(
    async (actionId) =>
      (
        await fetch('/', {
          method: 'POST',
          headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' },
          body: '[{}]',
        })
      ).status,
    askActionIds().ask ?? '',
  );
  expect(ask).toBe(401);

  await fillPasswordForm(page, { email: 'first@anywhere.example', password: 'correct horse battery', create: true });
  await expect(page).toHaveURL(`${base}/analyses`);
  await expect(page.getByTestId('account-email')).toHaveText('first@anywhere.example');
  await expect(page.getByTestId('account-admin')).toBeVisible();
  await page.goto(`${base}/`);
  await expect(page.getByTestId('account-email')).toHaveText('first@anywhere.example');
  // Signed in, the same action answers.
  const listed = await postAction(page);
  expect(listed.status).toBe(200);
  expect(listed.text).toContain('"ok":true');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(`${base}/sign-in`);
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(`${base}/sign-in`);
  expect((await postAction(page)).status).toBe(401);

  await fillPasswordForm(page, { email: 'first@anywhere.example', password: 'wrong password!!', create: false });
  await expect(page.getByTestId('auth-error')).toContainText(/invalid/i);
  await fillPasswordForm(page, { email: 'first@anywhere.example', password: 'correct horse battery', create: false });
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByTestId('account-admin')).toBeVisible();
});

test('password: after the first account, sign-up is open to AUTH_SIGNUP_DOMAINS only, and later accounts are not admin', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const base = passwordApp.origin;
  await page.goto(`${base}/sign-in`);
  await fillPasswordForm(page, { email: 'outsider@elsewhere.example', password: 'correct horse battery', create: true });
  await expect(page.getByTestId('auth-error')).toContainText('team.example');
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(`${base}/sign-in`);

  await fillPasswordForm(page, { email: 'second@team.example', password: 'correct horse battery', create: true });
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByTestId('account-email')).toHaveText('second@team.example');
  await expect(page.getByTestId('account-admin')).toHaveCount(0);
  await context.close();
});

test('password: an admin invites one address on /admin; the link admits it once; a member cannot open /admin', async ({ browser }) => {
  const base = passwordApp.origin;
  // Better Auth allows 3 sign-ups per 10 s per address (all of these come from 127.0.0.1), and the test before this
  // one made two: start with a fresh window, for this test's three (stranger, invitee, reused link).
  await new Promise((resolve) => setTimeout(resolve, 10_500));
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await adminPage.goto(`${base}/sign-in`);
  await fillPasswordForm(adminPage, { email: 'first@anywhere.example', password: 'correct horse battery', create: false });
  await expect(adminPage.getByTestId('account-admin')).toBeVisible();
  await adminPage.getByTestId('account-admin').click();
  await expect(adminPage).toHaveURL(`${base}/admin`);
  await expect(adminPage.getByTestId('signup-domains')).toContainText('team.example');
  await adminPage.getByTestId('invite-email').fill('bob@elsewhere.example');
  await adminPage.getByTestId('invite-submit').click();
  const link = (await adminPage.getByTestId('invite-link').textContent()) ?? '';
  expect(link).toMatch(new RegExp(`^${base}/sign-in\\?invite=[A-Za-z0-9_-]{43}$`));
  await expect(adminPage.getByTestId('invitations')).toContainText('bob@elsewhere.example');

  // A stranger at the same domain, without the link, is refused.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(`${base}/sign-in`);
  await fillPasswordForm(strangerPage, { email: 'carol@elsewhere.example', password: 'correct horse battery', create: true });
  await expect(strangerPage.getByTestId('auth-error')).toContainText('team.example');

  // The invitee opens the link: the form is for their address, and creates a member account.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByTestId('invitation-note')).toContainText('bob@elsewhere.example');
  await expect(inviteePage.getByLabel('Email')).toHaveValue('bob@elsewhere.example');
  await inviteePage.getByLabel('Password').fill('another good passphrase');
  await inviteePage.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(inviteePage).toHaveURL(`${base}/`);
  await expect(inviteePage.getByTestId('account-email')).toHaveText('bob@elsewhere.example');
  await expect(inviteePage.getByTestId('account-admin')).toHaveCount(0);
  // A member is sent away from /admin.
  await inviteePage.goto(`${base}/admin`);
  await expect(inviteePage).toHaveURL(`${base}/`);

  // The link is used up: opened again it says so, and signing up with it is refused.
  await strangerPage.goto(link);
  await expect(strangerPage.getByTestId('invitation-invalid')).toBeVisible();
  const reused = await strangerPage.evaluate(async (token) => {
    const response = await fetch('/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ayd-invite': token },
      body: JSON.stringify({ email: 'bob@elsewhere.example', password: 'correct horse battery', name: 'x' }),
    });
    return response.status;
  }, new URL(link).searchParams.get('invite') ?? '');
  expect(reused).toBeGreaterThanOrEqual(400);
  await adminPage.reload();
  await expect(adminPage.getByTestId('invitations')).toContainText('No pending invitations');
  await Promise.all([admin.close(), stranger.close(), invitee.close()]);
});

test('password: sign-in attempts are rate limited per socket address; a forged X-Forwarded-For does not reset it', async () => {
  const api = await request.newContext({ baseURL: passwordApp.origin });
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const response = await api.post('/api/auth/sign-in/email', {
      headers: { 'x-forwarded-for': `198.51.100.${attempt}`, 'x-ayd-client-address': `203.0.113.${attempt}` },
      data: { email: 'first@anywhere.example', password: `wrong password ${attempt}` },
    });
    statuses.push(response.status());
  }
  // Better Auth's rule for sign-in: 3 per 10 s per client address; earlier tests' attempts may already count.
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
  await api.dispose();
});

test('oidc: single sign-on through a real OpenID provider; the account comes from its claims', async ({ page }) => {
  const base = oidcApp.origin;
  await page.goto(`${base}/analyses`);
  await expect(page).toHaveURL(`${base}/sign-in?next=%2Fanalyses`);
  // No email+password in this mode, through the page or the endpoint.
  await expect(page.getByLabel('Password')).toHaveCount(0);
  const signUp = await page.evaluate(
    async () =>
      (
        await fetch('/api/auth/sign-up/email', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'x@team.example', password: 'correct horse battery', name: 'x' }),
        })
      ).status,
  );
  expect(signUp).toBeGreaterThanOrEqual(400);

  await page.getByTestId('sso-sign-in').click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill('ana');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(`${base}/analyses`);
  await expect(page.getByTestId('account-email')).toHaveText('ana@team.example');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(`${base}/sign-in`);
  await page.goto(`${base}/analyses`);
  await expect(page).toHaveURL(`${base}/sign-in?next=%2Fanalyses`);
});
