// The workspace by keyboard alone: the skip link is the first tab stop and lands in the question box; Enter asks,
// Esc cancels the running turn; Shift+Enter and Ctrl/Cmd+Enter run the editor and Esc stops its run; each file row
// is one tab stop (arrow keys move inside it). The number of Tab presses to reach the question box is reported.
import { expect, test, type Page } from '@playwright/test';
import { SALES_CSV, uniqueTag, uploadReady } from './support/data';
import { openWorkspace, setCode } from './support/workspace';

async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/** Tab presses from the top of the page until `testId` has the focus (passing the skip link by, as one press). */
async function tabsTo(page: Page, testId: string): Promise<number> {
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  for (let presses = 1; presses <= 120; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedTestId(page);
    if (focused === testId) return presses;
  }
  return Number.POSITIVE_INFINITY;
}

test('each file row is one tab stop, arrow keys move inside it; the question box is a few Tabs away past the files', async ({ page }) => {
  await openWorkspace(page);
  for (const letter of ['a', 'b', 'c']) await uploadReady(page, `keyboard-${letter}-${uniqueTag()}.csv`, SALES_CSV);
  await page.reload();
  await expect(page.getByTestId('file-row')).toHaveCount(3);

  // Without the skip link, each file row costs one Tab (its buttons are one toolbar), not six.
  const withoutSkip = await tabsTo(page, 'question-input');
  test.info().annotations.push({ type: 'tab presses to the question box', description: `${withoutSkip} past 3 file rows without the skip link; 2 with it` });
  expect(withoutSkip).toBeLessThanOrEqual(15);

  const firstRow = page.getByTestId('file-row').first();
  await firstRow.getByTestId('file-pin').focus();
  await page.keyboard.press('ArrowRight');
  expect(await focusedTestId(page)).toBe('file-schema-toggle');
  await page.keyboard.press('End');
  expect(await focusedTestId(page)).toBe('file-delete');
  // The row remembers the button last used: Tab leaves the row, Shift+Tab comes back to it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  expect(await focusedTestId(page)).toBe('file-delete');
});

test('keyboard only: the first Tab is the skip link, Enter lands in the question box, Enter asks, Esc cancels the turn', async ({ page }) => {
  await openWorkspace(page);
  // One file: the question needs no file selection.
  await uploadReady(page, `keyboard-${uniqueTag()}.csv`, SALES_CSV);
  await page.reload();
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('file-row')).toHaveCount(1);

  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('question-input')).toBeFocused();

  await page.keyboard.type('Count forever please');
  await page.keyboard.press('Enter');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('attempt')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });
  await expect(turn.getByTestId('turn-phase')).toHaveText('Cancelled');
  await expect(turn.getByTestId('cancel')).toHaveCount(0);
});

test('Shift+Enter and Ctrl/Cmd+Enter run the editor; Esc stops a running run', async ({ page }) => {
  await openWorkspace(page);
  await setCode(page, 'print("shift enter ran")');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect(page.getByTestId('run-stdout')).toHaveText('shift enter ran');
  // Shift+Enter ran the code instead of adding a line.
  await expect(page.getByTestId('code-editor').locator('.cm-line')).toHaveCount(1);

  await setCode(page, 'print("mod enter ran")');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('run-stdout')).toHaveText('mod enter ran');

  // The code ends in a bracket, so no completion popup is open: Esc would close that first, as it should.
  await setCode(page, 'n = 0\nwhile True:\n    n = (n + 1)');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
  // As e2e/kernel.spec.ts does before Stop: an interrupt sent while the run is still starting is cleared by the
  // run's own start (the kernel resets the flag first), so give the loop time to be under way.
  await page.waitForTimeout(500);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted', { timeout: 5_000 });
});
