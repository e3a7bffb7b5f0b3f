// Work survives (issue 10, part 1): conversations autosave for their owner and come back after a reload, after
// navigating away (from the recent list) and from "Continue in workspace"; another owner cannot open one by its URL;
// leaving while a question runs asks first; the Save panel keeps its link across follow-up questions.
import { expect, test, type Page } from '@playwright/test';
import { uniqueTag, uploadReady } from './support/data';
import { openWorkspace, setCode } from './support/workspace';

const ORDERS = 'region,units\nNorth,3\nSouth,4\nNorth,7\nEast,7\n';
const CONVERSATION_URL = /[?&]c=([A-Za-z0-9_-]{22})/;

async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('question-input').press('Enter');
}

async function conversationId(page: Page): Promise<string> {
  await expect(page).toHaveURL(CONVERSATION_URL);
  return CONVERSATION_URL.exec(page.url())![1]!;
}

test('a conversation survives a reload and navigation, is private to its owner, and continues from My analyses', async ({ page, browser }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `orders-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();

  await ask(page, 'What are the total units per region?');
  // Saved as soon as it is asked: the address names the conversation before the answer exists.
  const id = await conversationId(page);
  const first = page.getByTestId('turn').last();
  await expect(first).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');

  // Reload: the question, its code, its outputs and its answer are back, with the note that variables are not.
  await openWorkspace(page, `/?c=${id}`);
  const restored = page.getByTestId('turn');
  await expect(restored).toHaveCount(1);
  await expect(restored.first()).toHaveAttribute('data-phase', 'done');
  await expect(restored.first().getByTestId('turn-code')).toContainText('import csv');
  await expect(restored.first().getByTestId('run-stdout').last()).toContainText('North: 10 units');
  await expect(restored.first().getByTestId('answer')).toContainText('North sold the most');
  await expect(page.getByTestId('conversation-reopened')).toContainText('variables are not restored');

  // The Save panel keeps its link after the next question (the defect), and says the link is behind.
  await page.getByTestId('save-analysis').click();
  const shareUrl = page.getByTestId('share-url');
  await expect(shareUrl).toHaveText(/\/a\/[A-Za-z0-9_-]{22}$/);
  const firstLink = await shareUrl.textContent();

  // The follow-up reuses a variable of the first question: re-running the saved code brings it back.
  await page.getByTestId('conversation-rerun').click();
  await expect(page.getByTestId('conversation-rerun-state')).toHaveAttribute('data-step', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('conversation-rerun-state')).toContainText('variables are back');
  // The editor shares the kernel: the first question's variable exists again.
  const editor = page.getByRole('region', { name: 'Code' });
  await setCode(page, 'print(sorted(totals.items()))');
  await editor.getByTestId('run-code').click();
  await expect(editor.getByTestId('run-status')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect(editor.getByTestId('run-stdout')).toContainText("('North', 10)");
  await ask(page, 'Which region has the most units?');
  const followUp = page.getByTestId('turn').nth(1);
  await expect(followUp).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(followUp.getByTestId('attempt')).toHaveCount(1);
  await expect(followUp.getByTestId('run-stdout').last()).toContainText('Most units: North with 10');
  await expect(shareUrl).toHaveText(firstLink!);
  await expect(page.getByTestId('save-outdated')).toContainText('1 of the 2 questions');
  await expect(page.getByTestId('save-analysis')).toHaveText('Save again (new link)');
  // Saving again makes a new link with both questions, and the panel says it is current.
  await page.getByTestId('save-analysis').click();
  await expect(shareUrl).not.toHaveText(firstLink!);
  await expect(shareUrl).toHaveText(/\/a\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByTestId('save-outdated')).toHaveCount(0);
  const secondLink = await shareUrl.textContent();
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');

  // Another owner (another browser) gets "not found" for this conversation's URL, and sees none of its turns.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(`/?c=${id}`);
  await expect(strangerPage.getByTestId('conversation-open-error')).toContainText('not found');
  await expect(strangerPage.getByTestId('turn')).toHaveCount(0);
  const direct = await strangerPage.request.get(`/api/conversations/${id}`);
  expect(direct.status()).toBe(404);
  // The share link shows them the analysis, but only its owner is offered to continue it.
  await strangerPage.goto(secondLink!);
  await expect(strangerPage.getByTestId('shared-title')).toBeVisible();
  await expect(strangerPage.getByTestId('continue-in-workspace')).toHaveCount(0);
  await stranger.close();

  // Away to My analyses and back: the recent list reopens the conversation with both questions.
  await page.getByTestId('my-analyses-link').click();
  await expect(page).toHaveURL(/\/analyses$/);
  const analysisRow = page.getByTestId('analysis-row').first();
  await expect(analysisRow).toBeVisible();
  await page.goto(secondLink!);
  await expect(page.getByTestId('continue-in-workspace')).toBeVisible();
  await page.goto('/');
  const recent = page.getByTestId('recent-conversation').filter({ hasText: '2 questions' });
  await expect(recent).toHaveCount(1);
  await expect(recent).toContainText('What are the total units per region?');
  await recent.click();
  await expect(page).toHaveURL(new RegExp(`[?&]c=${id}`));
  await expect(page.getByTestId('turn')).toHaveCount(2);
  await expect(page.getByTestId('turn').last().getByTestId('answer')).toContainText('North has the most units');
  // The link saved from it came back with it.
  await expect(page.getByTestId('share-url')).toHaveText(secondLink!);

  // "Continue in workspace" from My analyses (the newest: both questions) opens a new conversation seeded from it.
  await page.goto('/analyses');
  await page.getByTestId('analysis-row').first().getByTestId('continue-in-workspace').click();
  await expect(page).toHaveURL(CONVERSATION_URL);
  expect(await conversationId(page)).not.toBe(id);
  await expect(page.getByTestId('conversation-reopened')).toContainText('Continued from a saved analysis');
  const seeded = page.getByTestId('turn');
  await expect(seeded).toHaveCount(2);
  await expect(seeded.first().getByTestId('answer')).toContainText('North sold the most');
  await expect(seeded.first().getByTestId('run-stdout').last()).toContainText('North: 10 units');
  await expect(seeded.last().getByTestId('answer')).toContainText('North has the most units');
  await expect(page.getByTestId('share-url')).toHaveText(secondLink!);
});

test('leaving while a question runs asks for confirmation; a tab that dies mid-question keeps the question', async ({ page }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `loop-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();
  await ask(page, 'Count forever please');
  const id = await conversationId(page);
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('attempt')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  // Saved mid-question: another tab of the same browser (as after a crash) sees the question, marked as interrupted.
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  const after = await page.context().newPage();
  await openWorkspace(after, `/?c=${id}`);
  await expect(after.getByTestId('turn')).toHaveCount(1);
  await expect(after.getByTestId('turn').first()).toHaveAttribute('data-phase', 'cancelled');
  await expect(after.getByTestId('turn').first().getByTestId('turn-code')).toContainText('while True');
  await expect(after.getByTestId('conversation-reopened')).toContainText('still running when the page closed');
  await after.close();

  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  // Stay: the question is still running and the page is still there.
  await shown.dismiss();
  await expect(turn).toHaveAttribute('data-phase', 'running');
  await turn.getByTestId('cancel').click();
  await expect(turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });

  // Nothing running and everything saved: leaving no longer asks.
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  let asked = false;
  page.on('dialog', (next) => {
    asked = true;
    void next.accept();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toBe(false);
});

test('a failed autosave says why, warns on leaving, and a retry stores the conversation', async ({ page }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `down-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();
  let storageDown = true;
  await page.route('**/api/conversations/*', async (route) => {
    if (route.request().method() === 'PUT' && storageDown) {
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, code: 'storage', message: 'Storage is down for this test.', retryable: true }),
      });
      return;
    }
    await route.continue();
  });

  await ask(page, 'What are the total units per region?');
  const id = await conversationId(page);
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const status = page.getByTestId('autosave-status');
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toContainText('Storage is down for this test.');

  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.dismiss();

  storageDown = false;
  await status.getByRole('button', { name: 'Retry' }).click();
  await expect(status).toHaveAttribute('data-state', 'saved');
  const stored = await page.request.get(`/api/conversations/${id}`);
  expect(await stored.json()).toMatchObject({ ok: true, conversation: { id, turns: [{ question: 'What are the total units per region?', phase: 'done' }] } });
});

test('an owner deletes a conversation from the recent list; the open one deleted starts afresh; a stranger cannot delete', async ({
  page,
  browser,
  baseURL,
}) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `orders-${uniqueTag()}.csv`, ORDERS);
  await row.getByTestId('file-pin').click();
  await ask(page, 'What are the total units per region?');
  const first = await conversationId(page);
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('new-conversation').click();
  await expect(page.getByTestId('turn')).toHaveCount(0);
  await ask(page, 'Which region has the most units?');
  const second = await conversationId(page);
  expect(second).not.toBe(first);
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('autosave-status')).toHaveAttribute('data-state', 'saved');

  // Another browser, with a same-origin request the origin check lets through, finds nothing to delete.
  const stranger = await browser.newContext();
  const refused = await stranger.request.delete(`/api/conversations/${first}`, { headers: { origin: baseURL! } });
  expect(refused.status()).toBe(404);
  await stranger.close();

  const list = page.getByTestId('recent-conversations');
  await list.locator('summary').click();
  const rowOf = (question: string) => page.getByTestId('recent-conversation-row').filter({ hasText: question });
  await expect(rowOf('What are the total units per region?')).toHaveCount(1);
  await rowOf('What are the total units per region?').getByTestId('recent-conversation-delete').click();
  await rowOf('What are the total units per region?').getByTestId('recent-conversation-delete-confirm').click();
  await expect(rowOf('What are the total units per region?')).toHaveCount(0);
  // The open conversation is untouched.
  await expect(page).toHaveURL(new RegExp(`[?&]c=${second}`));
  await expect(page.getByTestId('turn')).toHaveCount(1);
  expect((await page.request.get(`/api/conversations/${first}`)).status()).toBe(404);

  // Deleting the open conversation while a question runs and its autosave is still on the wire (held here for 2 s):
  // the delete waits for that save, so the save cannot land after it and bring the conversation back.
  const held: Array<Promise<void>> = [];
  await page.route(`**/api/conversations/${second}`, async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    const sent = new Promise<void>((resolve) => setTimeout(resolve, 2000)).then(() => route.continue());
    held.push(sent);
    await sent;
  });
  await ask(page, 'What are the total units per region?');
  await expect.poll(() => held.length).toBeGreaterThan(0);
  await rowOf('Which region has the most units?').getByTestId('recent-conversation-delete').click();
  await expect(rowOf('Which region has the most units?')).toContainText('(open now)');
  await rowOf('Which region has the most units?').getByTestId('recent-conversation-delete-confirm').click();
  await expect(page.getByTestId('turn')).toHaveCount(0, { timeout: 15_000 });
  await Promise.all(held);
  await page.unroute(`**/api/conversations/${second}`);
  await expect(page).not.toHaveURL(/[?&]c=/);
  await expect(page.getByTestId('recent-conversations')).toHaveCount(0);
  await page.goto(`/?c=${second}`);
  await expect(page.getByTestId('conversation-open-error')).toContainText('not found');
  expect((await page.request.get(`/api/conversations/${second}`)).status()).toBe(404);
});
