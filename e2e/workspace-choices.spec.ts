// Choices the workspace used to make silently (issue "The workspace an analyst lives in"): "Explore this dataset"
// with several files explored one of them without saying which, and the same file uploaded twice became two datasets
// without a word. In Debian's Chromium against the production build, scripted models.
import { expect, test } from '@playwright/test';
import { chooseFiles, fileRow, uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

test('with several files, Explore asks which one and explores exactly that one', async ({ page }) => {
  await openWorkspace(page);
  const tag = uniqueTag();
  await uploadReady(page, `alpha-${tag}.csv`, 'alpha_id,alpha_value\n1,2\n');
  await uploadReady(page, `beta-${tag}.csv`, 'beta_id,beta_value\n3,4\n');

  const explore = page.getByTestId('preset-explore');
  // Nothing pinned and several files: no silent pick.
  await expect(explore).toBeDisabled();
  await expect(explore).toHaveText('Explore a file');
  const betaId = await fileRow(page, `beta-${tag}.csv`).getAttribute('data-id');
  expect(betaId).toBeTruthy();
  await page.getByTestId('explore-file').selectOption(betaId ?? '');
  await expect(explore).toBeEnabled();
  await explore.click();

  const turn = page.getByTestId('turn').last();
  await expect(turn.getByRole('heading')).toHaveText(`Explore beta-${tag}.csv`);
  await expect(turn.getByTestId('run-stdout')).toContainText('explored: beta_id,beta_value', { timeout: 60_000 });
  await expect(turn.getByTestId('run-stdout')).not.toContainText('alpha');
});

test('uploading the same file again asks before making a second copy', async ({ page }) => {
  await openWorkspace(page);
  const name = `twice-${uniqueTag()}.csv`;
  const body = 'city,people\nLyon,3\nNice,4\n';
  await uploadReady(page, name, body);
  await expect(page.locator(`[data-testid="file-row"][data-name="${name}"][data-status="ready"]`)).toHaveCount(1);

  await chooseFiles(page, [{ name, body }]);
  const duplicate = page.locator(`[data-testid="file-row"][data-name="${name}"][data-status="duplicate"]`);
  await expect(duplicate.getByTestId('file-duplicate')).toContainText('same name and size');
  // Skipping leaves exactly the one dataset.
  await duplicate.getByTestId('file-dismiss').click();
  await expect(duplicate).toHaveCount(0);
  await page.reload();
  await expect(page.locator(`[data-testid="file-row"][data-name="${name}"]`)).toHaveCount(1);

  // Asked for, a second copy is uploaded.
  await chooseFiles(page, [{ name, body }]);
  await page.locator(`[data-testid="file-row"][data-name="${name}"][data-status="duplicate"]`).getByTestId('file-upload-anyway').click();
  await expect(page.locator(`[data-testid="file-row"][data-name="${name}"][data-status="ready"]`)).toHaveCount(2);
});
