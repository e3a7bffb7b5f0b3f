// Tier 4 for ownership (AUTH_MODE=none, local storage): a second browser (its own context, so its own owner
// cookie or none) sees none of the first one's datasets and cannot download, rename or delete them, neither through
// the UI nor by calling the server actions directly with the real id (as a guessed id would be).
import { expect, test, type Page } from '@playwright/test';
import { datasetActionIds } from './support/actions';
import { fileRow, SALES_CSV, uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

/** Calls a server action from the page, as the page's own code would (same origin, the context's cookies). */
async function callAction(page: Page, actionId: string, input: unknown): Promise<{ status: number; text: string }> {
  return page.evaluate(
    async ({ actionId, body }) => {
      const response = await fetch('/', {
        method: 'POST',
        headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' },
        body,
      });
      return { status: response.status, text: await response.text() };
    },
    { actionId, body: JSON.stringify([input]) },
  );
}

test('a second browser sees none of the first one’s datasets and cannot touch them', async ({ page, browser }) => {
  const name = `payroll-${uniqueTag()}.csv`;
  await openWorkspace(page);
  const row = await uploadReady(page, name, SALES_CSV);
  const id = (await row.getAttribute('data-id')) ?? '';
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await openWorkspace(other);
  await expect(other.getByTestId('file-list')).toHaveAttribute('aria-busy', 'false');
  await expect(fileRow(other, name)).toHaveCount(0);
  await expect(other.locator(`[data-id="${id}"]`)).toHaveCount(0);
  // Import from storage is off without SHARED_PREFIXES, and says so.
  await other.getByText('Import from storage prefix').click();
  await expect(other.getByTestId('import-off')).toContainText('SHARED_PREFIXES');

  const actions = datasetActionIds();
  for (const [action, input] of [
    ['getDownloadUrls', { ids: [id] }],
    ['renameDataset', { id, displayName: 'mine.csv' }],
    ['deleteDataset', { id }],
    ['registerDataset', { id }],
    ['abortUpload', { id }],
  ] as const) {
    const actionId = actions[action];
    expect(actionId, `${action} is in the build`).toBeTruthy();
    const result = await callAction(other, actionId ?? '', input);
    expect(result.text, action).toContain('"ok":false');
    expect(result.text, action).toContain('not_found');
    expect(result.text, action).not.toContain(name);
    expect(result.text, action).not.toContain('/api/storage/object');
  }
  // Importing the app's own prefix (where the upload lives) is refused too.
  const imported = await callAction(other, actions.importFromPrefix ?? '', { prefix: `datasets/${id}/` });
  expect(imported.text).toContain('forbidden');
  await stranger.close();

  // The owner still has the dataset, under its name, and can download it.
  await page.reload();
  await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready');
  const mine = await callAction(page, actions.getDownloadUrls ?? '', { ids: [id] });
  expect(mine.text).toContain('"ok":true');
  expect(mine.text).toContain(name);
});
