import { expect, type Page } from '@playwright/test';

/** Opens the workspace and waits until Python is ready. */
export async function openWorkspace(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** Replaces the editor's content the way a paste does (no auto-indent or bracket closing on the way in). */
export async function setCode(page: Page, code: string): Promise<void> {
  const content = page.getByTestId('code-editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Runs `code` and waits until the run has settled with `status`. */
export async function runCode(page: Page, code: string, status: string, options: { timeout?: number } = {}): Promise<void> {
  await setCode(page, code);
  await page.getByTestId('run-code').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', status, { timeout: options.timeout ?? 30_000 });
}
