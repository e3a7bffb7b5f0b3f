// The sign-in modes' own pages on a phone and in both themes: /sign-in and /admin (AUTH_MODE=password, started by
// this spec on its own port and empty DATA_DIR, like e2e/auth.spec.ts): no sideways scroll at 360 px, no serious axe
// violation, and the screenshots named like e2e/screens-shots.spec.ts's.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { AUTH_PASSWORD_APP_PORT } from './support/e2e-ports';
import { startAuthApp, type RunningApp } from './support/auth-apps';
import { DESKTOP, expectNoHorizontalOverflow, PHONE, saveShot, seriousAxeViolations, useSystemTheme, type Theme } from './support/screens';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await startAuthApp({ port: AUTH_PASSWORD_APP_PORT, mode: 'password', extraEnv: { AUTH_SIGNUP_DOMAINS: 'team.example' } });
});

test.afterAll(async () => {
  await app?.stop();
});

const THEMES: Theme[] = ['light', 'dark'];

async function checkView(page: Page, view: string, testInfo: TestInfo): Promise<void> {
  await page.setViewportSize(PHONE);
  await expectNoHorizontalOverflow(page);
  for (const theme of THEMES) {
    await useSystemTheme(page, theme);
    expect(await seriousAxeViolations(page)).toEqual([]);
  }
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await useSystemTheme(page, theme);
      await saveShot(page, testInfo, `${view}-${theme}-${size.width}`);
    }
  }
}

test('sign-in and admin fit 360 px, pass axe in both themes, and are photographed', async ({ page }, testInfo) => {
  await page.goto(`${app.origin}/sign-in`);
  await expect(page.getByRole('heading', { name: 'Sign in to Ask your data' })).toBeVisible();
  await checkView(page, 'sign-in', testInfo);

  // The first account is the administrator.
  if ((await page.getByRole('button', { name: 'Create account' }).count()) === 0) await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill('screens@team.example');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page).toHaveURL(`${app.origin}/`);
  await page.goto(`${app.origin}/admin`);
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  await checkView(page, 'admin', testInfo);
});
