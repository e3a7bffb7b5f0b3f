// An axe-core scan (WCAG 2.1 A/AA rules) of every view in both themes: no serious or critical violation, colour
// contrast included. The sign-in modes' pages are scanned in e2e/screens-auth.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { uniqueTag } from './support/data';
import { openWorkspaceWithLongFile, saveLongAnalysis, seriousAxeViolations, useSystemTheme, type Theme } from './support/screens';
import { runCode } from './support/workspace';

const THEMES: Theme[] = ['light', 'dark'];

async function expectAxeClean(page: Page, theme: Theme): Promise<void> {
  await useSystemTheme(page, theme);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

test('the workspace, with a file, its schema and a run, has no serious axe violation in either theme', async ({ page }) => {
  await openWorkspaceWithLongFile(page);
  await runCode(page, 'print("hello")\nresult = [{"region": "North", "units": 3}]', 'ok');
  for (const theme of THEMES) await expectAxeClean(page, theme);
});

test('My analyses, a share page and an embed have no serious axe violation in either theme', async ({ page }) => {
  const link = await saveLongAnalysis(page, `Axe ${uniqueTag()}`);
  await page.goto('/analyses');
  await expect(page.getByTestId('analysis-row').first()).toBeVisible();
  for (const theme of THEMES) await expectAxeClean(page, theme);
  await page.goto(link.url);
  await expect(page.getByTestId('shared-turn')).toBeVisible();
  for (const theme of THEMES) await expectAxeClean(page, theme);
  for (const theme of THEMES) {
    await page.goto(theme === 'dark' ? `${link.embedUrl}?theme=dark` : link.embedUrl);
    await expect(page.getByTestId('embed')).toHaveAttribute('data-theme', theme);
    expect(await seriousAxeViolations(page)).toEqual([]);
  }
});
