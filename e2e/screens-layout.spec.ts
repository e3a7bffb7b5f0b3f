// Every view fits a 360 px phone: the page never scrolls sideways, long unbroken content (file and column names,
// code, printed output, tables) scrolls inside its own box, and the question box is reachable on screen. Chromium
// against the production build; the sign-in modes' pages are in e2e/screens-auth.spec.ts.
import { expect, test } from '@playwright/test';
import { uniqueTag } from './support/data';
import { expectNoHorizontalOverflow, LONG_TURN, openWorkspaceWithLongFile, PHONE, saveLongAnalysis } from './support/screens';
import { runCode } from './support/workspace';

test.use({ viewport: PHONE });

test('the workspace fits 360 px with a long file name, its schema, a long output and a table; the question box is in view', async ({ page }) => {
  await openWorkspaceWithLongFile(page);
  await runCode(page, `print("y" * 240)\nresult = [{"${'long_column_name_'.repeat(6)}": 1, "b": 2}]`, 'ok');
  await expect(page.getByTestId('run-result')).toBeVisible();
  await expectNoHorizontalOverflow(page);

  // The question box is within the viewport's width (no sideways scroll needed to reach it).
  const box = page.getByTestId('question-input');
  await box.scrollIntoViewIfNeeded();
  const rect = await box.boundingBox();
  expect(rect).not.toBeNull();
  expect((rect?.x ?? -1) >= 0 && (rect?.x ?? 0) + (rect?.width ?? 0) <= PHONE.width).toBe(true);
  await expect(page.getByTestId('ask-submit')).toBeInViewport();

  // Long content scrolls in its own box: the printed line is wider than its <pre>, which has its own scrollbar.
  const stdout = page.getByTestId('run-stdout');
  expect(await stdout.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
});

test('My analyses, a share page and an embed fit 360 px with long column names, code and output', async ({ page }) => {
  const link = await saveLongAnalysis(page, `A long title ${'without_any_space_'.repeat(5)} ${uniqueTag()}`);
  await page.goto('/analyses');
  await expect(page.getByTestId('analysis-row').first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  for (const url of [link.url, link.embedUrl]) {
    await page.goto(url);
    await expect(page.getByText(LONG_TURN.question).first()).toBeVisible();
    await expectNoHorizontalOverflow(page);
  }
  // On the share page the code and the output scroll inside their boxes, and so does the result table.
  await page.goto(link.url);
  const stdout = page.getByTestId('shared-stdout');
  expect(await stdout.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
});
