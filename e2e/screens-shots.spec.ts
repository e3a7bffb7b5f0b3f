// Screenshots of every view in both themes at 360 px and 1440 px (the viewport, not the full page), named
// <view>-<theme>-<width>.png. They go to the test's output folder, or to E2E_SCREENSHOTS_DIR when set:
//   E2E_SCREENSHOTS_DIR=docs/screenshots npx playwright test --project=local e2e/screens-shots.spec.ts
// (docs/screenshots holds the committed set; the sign-in and admin pages come from e2e/screens-auth.spec.ts).
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { uniqueTag } from './support/data';
import { DESKTOP, openWorkspaceWithLongFile, PHONE, saveLongAnalysis, saveShot, useSystemTheme, type Theme } from './support/screens';
import { runCode } from './support/workspace';

const THEMES: Theme[] = ['light', 'dark'];
const WIDTHS = [PHONE, DESKTOP];

/** Each width, each theme (as the system's preference): one screenshot of the current view. */
async function shootAll(page: Page, testInfo: TestInfo, view: string, themes: Theme[] = THEMES, reopen?: (theme: Theme) => Promise<void>): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const theme of themes) {
      if (reopen) await reopen(theme);
      else await useSystemTheme(page, theme);
      await saveShot(page, testInfo, `${view}-${theme}-${size.width}`);
    }
  }
}

test('workspace screenshots', async ({ page }, testInfo) => {
  await openWorkspaceWithLongFile(page);
  await runCode(page, 'print("total units 14")\nresult = [{"region": "North", "units": 3}, {"region": "East", "units": 7}]', 'ok');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootAll(page, testInfo, 'workspace');
});

test('My analyses, share page and embed screenshots', async ({ page }, testInfo) => {
  const link = await saveLongAnalysis(page, `Units by region ${uniqueTag()}`);
  await page.goto('/analyses');
  await expect(page.getByTestId('analysis-row').first()).toBeVisible();
  await shootAll(page, testInfo, 'analyses');
  await page.goto(link.url);
  await expect(page.getByTestId('shared-turn')).toBeVisible();
  await shootAll(page, testInfo, 'share');
  await shootAll(page, testInfo, 'embed', THEMES, async (theme) => {
    await page.goto(theme === 'dark' ? `${link.embedUrl}?theme=dark` : link.embedUrl);
    await expect(page.getByTestId('embed')).toHaveAttribute('data-theme', theme);
  });
});
