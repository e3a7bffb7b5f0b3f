// Dark mode: it follows the system (prefers-color-scheme) on every view, the toggle overrides it and is remembered
// across a reload, it is applied before the first paint by an inline script the page CSP allows (no violation), and
// the dark embed has dark result boxes. Checked on computed colours, which toHaveCSS retries.
import { expect, test, type Page } from '@playwright/test';
import { uniqueTag } from './support/data';
import { watchCsp } from './support/csp';
import { expectTone, saveLongAnalysis, useSystemTheme } from './support/screens';
import { openWorkspace } from './support/workspace';

// The palette's page and card colours as the build writes them (app/globals.css): slate-950 and slate-900 in dark.
const DARK_PAGE = 'lab(1.76974 1.32743 -9.28855)';
const DARK_CARD = 'lab(7.78673 1.82345 -15.0537)';
const WHITE = 'rgb(255, 255, 255)';

declare global {
  interface Window {
    /** The theme <html> had when the parser created <body>: set before the first paint, or the page flashes. */
    __themeAtBody?: string;
  }
}

/** Records the theme at the moment <body> appears, on every page load of this page. */
async function watchFirstPaintTheme(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.body) return;
      window.__themeAtBody = document.documentElement.getAttribute('data-theme') ?? 'none';
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

test('the workspace follows the system theme, and the toggle overrides it across a reload without a CSP violation', async ({ page }) => {
  const csp = await watchCsp(page);
  await watchFirstPaintTheme(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openWorkspace(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
  await expect(page.getByRole('region', { name: 'Ask' })).toHaveCSS('background-color', DARK_CARD);
  // The code editor is dark too.
  await expect(page.getByTestId('code-editor').locator('.cm-editor')).toHaveCSS('background-color', DARK_CARD);

  // The system turns light: the page follows at once.
  await useSystemTheme(page, 'light');
  await expectTone(page.locator('body'), 'background-color', 'light');

  // The analyst picks Dark: it applies now, and after a reload before anything else has run.
  await page.getByTestId('theme-toggle').selectOption('dark');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
  await page.reload();
  await expect(page.getByTestId('theme-toggle')).toHaveValue('dark');
  // Dark already when the body was parsed: no light flash before React runs.
  expect(await page.evaluate(() => window.__themeAtBody)).toBe('dark');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
  expect(await page.evaluate(() => window.localStorage.getItem('ayd-theme'))).toBe('dark');

  // Light overrides a dark system; System hands the choice back.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('theme-toggle').selectOption('light');
  await expectTone(page.locator('body'), 'background-color', 'light');
  await page.getByTestId('theme-toggle').selectOption('system');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
  expect(await page.evaluate(() => window.localStorage.getItem('ayd-theme'))).toBeNull();
  expect(await csp.violations()).toEqual([]);
});

test('My analyses and the share page follow the system theme and the remembered choice; the share page from the cache too', async ({ page }) => {
  const link = await saveLongAnalysis(page, `Theme check ${uniqueTag()}`);
  const csp = await watchCsp(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/analyses');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
  await expectTone(page.getByTestId('analysis-row').first(), 'color', 'light');

  // A share page, twice: the second answer may come from the share-page cache, under a CSP of script hashes.
  for (let visit = 0; visit < 2; visit += 1) {
    await page.goto(link.url);
    await expect(page.locator('body')).toHaveCSS('background-color', DARK_PAGE);
    await expect(page.getByTestId('shared-turn')).toHaveCSS('background-color', DARK_CARD);
  }
  // The choice made on one page holds on the others.
  await page.getByTestId('theme-toggle').selectOption('light');
  await page.goto('/analyses');
  await expectTone(page.locator('body'), 'background-color', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveValue('light');
  expect(await csp.violations()).toEqual([]);
});

test('the dark embed is dark throughout, result boxes and table included; the light one stays light on a dark system', async ({ page }) => {
  const link = await saveLongAnalysis(page, `Embed theme ${uniqueTag()}`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${link.embedUrl}?theme=dark`);
  const embed = page.getByTestId('embed');
  await expect(embed).toHaveAttribute('data-theme', 'dark');
  await expect(embed).toHaveCSS('background-color', DARK_CARD);
  // The defect: the result table's box stayed white in the dark embed.
  const table = embed.locator('table').last();
  await expectTone(table.locator('xpath=..'), 'background-color', 'dark');
  await expectTone(table.locator('td').first(), 'color', 'light');
  await expect(embed.getByTestId('shared-figure')).toHaveCSS('filter', /invert/);

  // The embedding page chose light: a dark system does not change it.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(link.embedUrl);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('embed')).toHaveCSS('background-color', WHITE);
});
