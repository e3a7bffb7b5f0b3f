// Tier 4 for Excel workbooks under `next start`: the server parses them in a worker thread (lib/files/sniff/xlsx-parse.ts),
// which loads its parser from the app's working directory; an upload registers with its sheets and rows.
import { expect, test } from '@playwright/test';
import { makeXlsx } from '../lib/files/sniff/test-support/make-xlsx';
import { chooseFiles, fileRow, uniqueTag } from './support/data';
import { openWorkspace } from './support/workspace';

test('an uploaded .xlsx is registered with its rows and columns', async ({ page }) => {
  await openWorkspace(page);
  const name = `orders-${uniqueTag()}.xlsx`;
  const rows = [['Order', 'Amount'], ...Array.from({ length: 40 }, (_, index) => [1000 + index, index * 1.5])];
  const body = Buffer.from(makeXlsx({ sheets: [{ name: 'Orders', rows }] }));
  await chooseFiles(page, [{ name, body, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }]);
  const row = fileRow(page, name);
  await expect(row).toHaveAttribute('data-status', 'ready');
  await expect(row.getByTestId('file-rows')).toHaveText('40 rows');
  await row.getByTestId('file-schema-toggle').click();
  await expect(row.getByTestId('file-schema')).toContainText('Amount');
});
