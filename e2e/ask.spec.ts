// The Ask loop in Chromium with scripted models (the app's OpenAI-compatible provider against the scripted server of
// e2e/support/llm-server/, answering from e2e/fixtures/ask-script.json) whose code is
// standard-library only, so it runs on Pyodide's core: ask → streamed code → run fails → repaired → streamed answer
// with provenance; a follow-up that reuses a variable; cancel mid-run; a quota error with a retry button.
import { expect, test, type Page } from '@playwright/test';
import { fileRow, uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

const ORDERS = 'region,units\nNorth,3\nSouth,4\nNorth,7\nEast,7\n';

async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('question-input').press('Enter');
}

test('ask, repair, answer with provenance, a follow-up that reuses the kernel state, then share', async ({ page, browser }) => {
  await openWorkspace(page);
  const name = `orders-${uniqueTag()}.csv`;
  const row = await uploadReady(page, name, ORDERS);
  await row.getByTestId('file-pin').click();

  await ask(page, 'What are the total units per region?');
  const turn = page.getByTestId('turn').last();
  // The real provider path: the app's OpenAI-compatible provider, talking to the scripted server over HTTP.
  await expect(turn.getByTestId('turn-provider')).toHaveAttribute('data-kind', 'openai-compatible');
  // The code streams in before it runs.
  await expect(turn.getByTestId('turn-code')).toContainText('import csv');
  await expect(turn.getByTestId('llm-context')).toContainText('region');

  await expect(turn).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const attempts = turn.getByTestId('attempt');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAttribute('data-status', 'python');
  await expect(attempts.nth(0)).toContainText('NameError');
  await expect(attempts.nth(1)).toHaveAttribute('data-status', 'ok');
  await expect(attempts.nth(1).getByTestId('attempt-change')).toContainText('totls');
  await expect(attempts.nth(1).getByTestId('run-stdout')).toContainText('North: 10 units');

  const answer = turn.getByTestId('answer');
  await expect(answer).toHaveAttribute('data-streaming', 'false');
  await expect(answer).toContainText('North sold the most');
  // 10, 4 and 7 are in the printed output; 99 is not and must be flagged.
  await expect(answer.locator('[data-provenance="matched"]')).toHaveCount(3);
  await expect(answer.locator('[data-provenance="unmatched"]')).toHaveText(['99']);
  await expect(answer.locator('a[data-provenance="matched"]').first()).toHaveAttribute('href', /-output-stdout$/);
  // One generation call + one repair call + one answer call; selection was skipped (pinned).
  await expect(turn.getByTestId('turn-metrics')).toHaveAttribute('data-llm-calls', '3');

  await ask(page, 'Which region has the most units?');
  const followUp = page.getByTestId('turn').last();
  await expect(followUp).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(followUp.getByTestId('attempt')).toHaveCount(1);
  await expect(followUp.getByTestId('run-stdout')).toContainText('Most units: North with 10');
  await expect(followUp.getByTestId('answer')).toContainText('North has the most units');
  await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready');

  // Save the conversation and open the link as a colleague would: a fresh browser, no cookie, no Python boot.
  await page.getByTestId('save-analysis').click();
  const shareUrl = (await page.getByTestId('share-url').textContent())?.trim() ?? '';
  expect(shareUrl).toMatch(/\/a\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByTestId('embed-code')).toContainText('<iframe');
  const colleague = await browser.newContext();
  const shared = await colleague.newPage();
  await shared.goto(shareUrl);
  await expect(shared.getByTestId('shared-answer').first()).toContainText('North sold the most');
  await expect(shared.getByTestId('shared-answer').last()).toContainText('North has the most units');
  await expect(shared.getByTestId('kernel-frame')).toHaveCount(0);
  await colleague.close();
});

test('cancel stops a running turn and the next question still works', async ({ page }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `loop-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();

  await ask(page, 'Count forever please');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('attempt')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.waitForTimeout(300);
  await turn.getByTestId('cancel').click();
  await expect(turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });
  await expect(turn.getByTestId('answer')).toHaveCount(0);

  await ask(page, 'What are the total units per region?');
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
});

test('a model quota error is explained, with a retry button', async ({ page }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `quota-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();
  await ask(page, 'quota test question');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(turn.getByTestId('turn-error')).toContainText(/rate|quota|limit/i);
  await expect(turn.getByTestId('turn-retry')).toBeVisible();
});
