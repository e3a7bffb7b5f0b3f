// Issue 9 parts 4 and 5 in Chromium: the kernel client is the one owner of "which dataset is dfN" (the files panel
// shows what the Ask flow bound, and a dataset loaded from the panel takes a free variable), and a saved analysis
// records each question's bindings and the answer's number check, which the share page and the embed list.
// Uses the scripted rules of e2e/fixtures/ask-script.json that ask.spec.ts uses (standard-library code).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { fileRow, uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

const ORDERS = 'region,units\nNorth,3\nSouth,4\nNorth,7\nEast,7\n';
const OTHER = 'region,units\nWest,1\n';

async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('question-input').press('Enter');
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
}

test('ask about A, load B from the files panel, follow up on A: df1 stays A; the saved analysis keeps the flags', async ({ page, browser }) => {
  await openWorkspace(page);
  const a = `orders-${uniqueTag()}.csv`;
  const b = `other-${uniqueTag()}.csv`;
  const rowA = await uploadReady(page, a, ORDERS);
  const rowB = await uploadReady(page, b, OTHER);
  await rowA.getByTestId('file-pin').click();

  await ask(page, 'What are the total units per region?');
  // The files panel reads the kernel client: A is df1 because the question bound it, not because the panel loaded it.
  await expect(rowA.getByTestId('file-loaded')).toHaveAttribute('data-variable', 'df1');
  await rowB.getByTestId('file-load').click();
  await expect(rowB.getByTestId('file-loaded')).toHaveAttribute('data-variable', 'df2');
  await expect(rowA.getByTestId('file-loaded')).toHaveAttribute('data-variable', 'df1');

  await ask(page, 'Which region has the most units?');
  await expect(page.getByTestId('turn').last().getByTestId('run-stdout')).toContainText('Most units: North with 10');
  await expect(fileRow(page, a).getByTestId('file-loaded')).toHaveAttribute('data-variable', 'df1');

  await page.getByTestId('save-analysis').click();
  const shareUrl = (await page.getByTestId('share-url').textContent())?.trim() ?? '';
  expect(shareUrl).toMatch(/\/a\/[A-Za-z0-9_-]{22}$/);

  // A colleague's view: the first answer's 99 is in no output, on the page, in the Markdown export and in the embed.
  const shared = await browser.newContext({ acceptDownloads: true });
  const viewer = await shared.newPage();
  await viewer.goto(shareUrl);
  await expect(viewer.getByTestId('shared-answer').first().getByTestId('answer-number-flags')).toContainText('⚠ 99 not found in the outputs');
  const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.getByTestId('export-md').click()]);
  const report = await readFile((await download.path()) ?? '', 'utf8');
  expect(report).toContain('- ⚠ 99 not found in the outputs');
  // The .py binds A once: both questions read A as df1, and B (loaded, never used) is not part of the analysis.
  const [script] = await Promise.all([viewer.waitForEvent('download'), viewer.getByTestId('export-py').click()]);
  const python = await readFile((await script.path()) ?? '', 'utf8');
  expect(python.match(/^df1 = load_dataset\(/gm)).toHaveLength(1);
  expect(python).not.toContain(b.replace('.csv', ''));
  await viewer.goto(shareUrl.replace('/a/', '/embed/'));
  await expect(viewer.getByTestId('embed-turn').first().getByTestId('answer-number-flags')).toContainText('⚠ 99 not found in the outputs');
  await shared.close();
});
