// Defects an analyst trying the workspace met (issue "The workspace an analyst lives in"), each shown fixed the way
// the analyst met it, in Debian's Chromium against the production build.
import { expect, test } from '@playwright/test';
import { openWorkspace } from './support/workspace';

test('no page asks for a resource that is not there (the favicon was missing on every page)', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await openWorkspace(page);
  await page.goto('/analyses');
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
  expect(missing).toEqual([]);
  const icon = await page.request.get((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});

test('typing a new time limit over the old one keeps what was typed', async ({ page }) => {
  await openWorkspace(page);
  const field = page.getByTestId('time-limit');
  await field.click();
  // As an analyst does it: erase the digits, then type the new value.
  await field.press('End');
  for (let i = 0; i < 4; i++) await field.press('Backspace');
  await field.pressSequentially('45');
  await expect(field).toHaveValue('45');
  await field.blur();
  await expect(field).toHaveValue('45');
  // Out of range is shown as such while typing, and tidied to the nearest allowed value when the field is left.
  await field.fill('9000');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.blur();
  await expect(field).toHaveValue('600');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
});
