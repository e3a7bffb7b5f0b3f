// Defects of a question's turn that an analyst met (issue "The workspace an analyst lives in"), each shown fixed the
// way the analyst met it: a cancelled turn kept saying "running…", and a package error was shown three times with the
// code twice. Scripted models (e2e/fixtures/ask-script.json); the package mirror refuses (playwright.config.ts).
import { expect, test, type Page } from '@playwright/test';
import { uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

const ORDERS = 'region,units\nNorth,3\nSouth,4\nNorth,7\nEast,7\n';

async function askPinned(page: Page, question: string): Promise<void> {
  const row = await uploadReady(page, `turn-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('question-input').press('Enter');
}

test('a cancelled turn says how its run ended, and nothing in it still says running', async ({ page }) => {
  await openWorkspace(page);
  await askPinned(page, 'Count forever please');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('attempt')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await turn.getByTestId('cancel').click();
  await expect(turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });
  await expect(turn.getByTestId('turn-phase')).toHaveText('Cancelled');
  await expect(turn.getByTestId('attempt')).toHaveAttribute('data-status', /^(interrupted|unfinished)$/);
  await expect(turn.getByText(/running/i)).toHaveCount(0);
  await expect(turn.locator('[data-testid="run-status"][data-status="running"]')).toHaveCount(0);
  // The workspace's own status is back to ready, not stuck on the cancelled run.
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
});

test('a package that cannot be downloaded is explained once, and the code is shown once', async ({ page }) => {
  await openWorkspace(page);
  await askPinned(page, 'This question needs a package');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  // One place names the failure with the loader's detail; the turn's own message says what happens next instead.
  await expect(turn.getByTestId('run-error')).toHaveCount(1);
  await expect(turn.getByTestId('turn-error')).toContainText('no rewrite was attempted');
  const runError = (await turn.getByTestId('run-error').innerText()).trim();
  const turnError = (await turn.getByTestId('turn-error').innerText()).trim();
  expect(turnError).not.toContain(runError.split('\n')[0]);
  const detail = runError.split('\n')[0] ?? '';
  expect(detail.length).toBeGreaterThan(0);
  expect(occurrences(await turn.innerText(), detail)).toBe(1);
  // The code appears once in the turn, not again inside its attempt.
  await expect(turn.locator('pre', { hasText: 'import pandas as pd' })).toHaveCount(1);
});

function occurrences(whole: string, text: string): number {
  return whole.split(text).length - 1;
}
