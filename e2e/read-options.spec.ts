// Correcting a misread file in the files panel: a semicolon export with a note line above its header registers as
// three headerless columns; the analyst skips the note line (and tries a wrong delimiter on the way) with the preview
// following each change, saves, and the stored record, the pandas call the kernel binds with and what the model is
// shown all use the corrected columns. The question is answered by the scripted model (e2e/fixtures/ask-script.json)
// with standard-library code: pandas cannot be downloaded here, so the assertions are on what the page shows.
import { expect, test, type Locator } from '@playwright/test';
import { uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

const EXPORT = 'Exported by SalesTool; version 2; 2024-06-30\nregion;units\nNorth;3\nSouth;4\nNorth;7\nEast;7\n';

async function previewColumns(editor: Locator): Promise<Locator> {
  const preview = editor.getByTestId('read-options-preview');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  return preview.getByTestId('schema-column');
}

test('correct the header row and delimiter with a live preview, save, and ask about the corrected columns', async ({ page }) => {
  await openWorkspace(page);
  const name = `sales-export-${uniqueTag()}.csv`;
  const row = await uploadReady(page, name, EXPORT);

  // As registered: the note line is taken for data, three columns with generated names.
  await row.getByTestId('file-schema-toggle').click();
  await expect(row.getByTestId('schema-column')).toHaveCount(3);
  await expect(row.getByTestId('schema-column').first()).toContainText('column_1');
  await expect(row.getByTestId('file-read-call')).toHaveText('pd.read_csv(path, sep=";", header=None)');

  await row.getByTestId('file-read-options').click();
  const editor = row.getByTestId('read-options');
  await expect(editor.getByTestId('read-option-delimiter')).toHaveValue(';');

  // Skip the note line: the preview re-reads the head on the server and finds the real header.
  await editor.getByTestId('read-option-skip').fill('1');
  await editor.getByTestId('read-option-header').check();
  await expect(await previewColumns(editor)).toHaveText([/^region\s*string/, /^units\s*integer/]);
  await expect(editor.getByTestId('schema-sample')).toContainText('North');
  await expect(editor.getByTestId('read-options-call')).toHaveText('pd.read_csv(path, sep=";", skiprows=1)');

  // A wrong delimiter shows at once as one merged column; back to semicolons.
  await editor.getByTestId('read-option-delimiter').selectOption(',');
  await expect(await previewColumns(editor)).toHaveText([/^region;units/]);
  await editor.getByTestId('read-option-delimiter').selectOption(';');
  await expect(await previewColumns(editor)).toHaveCount(2);

  // A hostile value never reaches the server: the shared schema refuses it with a specific message.
  await editor.getByTestId('read-option-skip').fill('-3');
  await expect(editor.getByTestId('read-options-error')).toHaveText('Rows to skip cannot be negative');
  await expect(editor.getByTestId('read-options-save')).toBeDisabled();
  await editor.getByTestId('read-option-skip').fill('1');
  await expect(await previewColumns(editor)).toHaveCount(2);

  await editor.getByTestId('read-options-save').click();
  await expect(editor).toHaveCount(0);
  await expect(row.getByTestId('file-read-options')).toHaveText('Read options (corrected)');
  await expect(row.getByTestId('file-rows')).toHaveText('4 rows');

  // Stored with the dataset: a reload shows the corrected schema and the pandas call the kernel will bind with.
  await page.reload();
  const stored = page.locator(`[data-testid="file-row"][data-name="${name}"]`);
  await stored.getByTestId('file-schema-toggle').click();
  await expect(stored.getByTestId('schema-column')).toHaveText([/^region\s*string/, /^units\s*integer/]);
  await expect(stored.getByTestId('file-read-call')).toHaveText('pd.read_csv(path, sep=";", skiprows=1)');

  // The question: the model is shown the corrected columns, and the answer is about them.
  await stored.getByTestId('file-pin').click();
  await page.getByTestId('question-input').fill('Total units by region in the corrected export?');
  await page.getByTestId('question-input').press('Enter');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const context = turn.getByTestId('llm-context');
  await expect(context).toContainText('region');
  await expect(context).toContainText('units');
  await expect(context).not.toContainText('column_1');
  await expect(context).not.toContainText('Exported by SalesTool');
  await expect(turn.getByTestId('run-stdout')).toContainText('North: 10 units');
  await expect(turn.getByTestId('answer')).toContainText('North has 10 units');
});
