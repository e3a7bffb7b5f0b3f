// Tier 4 for the Data feature on local storage: uploads through the signed app route, the catalog, and the
// hand-off to the kernel. The same upload + hand-off against S3 is e2e/data-s3.spec.ts.
import { expect, test } from '@playwright/test';
import { chooseFiles, csvReadingCode, fileRow, loadIntoPython, SALES_CSV, uniqueTag, uploadReady } from './support/data';
import { openWorkspace, runCode } from './support/workspace';

const isStorageRoute = (url: URL) => url.pathname === '/api/storage/object';
const GZIP_BYTES = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00]);

test.describe('Data: upload, catalog and hand-off (local storage)', () => {
  test('uploads a CSV with progress, shows its schema; a broken file fails in place and the first stays fine', async ({ page }) => {
    await openWorkspace(page);
    const tag = uniqueTag();
    const name = `sales-${tag}.csv`;
    // Hold the PUT briefly so the in-flight state can be seen; the bytes still go through the signed route.
    await page.route(isStorageRoute, async (route) => {
      if (route.request().method() === 'PUT') await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await chooseFiles(page, [{ name, body: SALES_CSV }]);
    const row = fileRow(page, name);
    await expect(row).toHaveAttribute('data-status', 'uploading');
    await expect(row.getByTestId('file-progress')).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'ready');
    await expect(row.getByTestId('file-facts')).toContainText('CSV');
    await expect(row.getByTestId('file-rows')).toHaveText('3 rows');

    await row.getByTestId('file-schema-toggle').click();
    const schema = row.getByTestId('file-schema');
    await expect(schema.getByTestId('schema-column')).toHaveText([/region\s*string/, /units\s*integer/, /price\s*number/]);
    await expect(schema.getByTestId('schema-sample')).toContainText('South');

    const broken = `broken-${tag}.csv`;
    await chooseFiles(page, [{ name: broken, body: GZIP_BYTES }]);
    const brokenRow = fileRow(page, broken);
    await expect(brokenRow).toHaveAttribute('data-status', 'error');
    await expect(brokenRow.getByTestId('file-error')).toContainText(`“${broken}” is compressed with gzip`);
    await expect(brokenRow.getByTestId('file-retry')).toHaveCount(0);

    const unsupported = `notes-${tag}.pdf`;
    await chooseFiles(page, [{ name: unsupported, body: '%PDF-1.4', mimeType: 'application/pdf' }]);
    await expect(fileRow(page, unsupported).getByTestId('file-error')).toContainText('.pdf files are not supported');

    await expect(row).toHaveAttribute('data-status', 'ready');
    await expect(row.getByTestId('file-schema')).toBeVisible();
    // After a reload only what was registered is listed: the refused files left nothing behind.
    await page.reload();
    await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready');
    await expect(fileRow(page, broken)).toHaveCount(0);
    await expect(fileRow(page, unsupported)).toHaveCount(0);
  });

  test('a hostile file name is stored under a clean name and says so', async ({ page }) => {
    await openWorkspace(page);
    const tag = uniqueTag();
    await chooseFiles(page, [{ name: `report\u202Ecsv.exe-${tag}.csv`, body: SALES_CSV }]);
    const row = fileRow(page, `reportcsv.exe-${tag}.csv`);
    await expect(row).toHaveAttribute('data-status', 'ready');
    await expect(row.getByTestId('file-notice')).toContainText('invisible or text-direction characters');
  });

  test('searches, renames and deletes with a confirmation', async ({ page }) => {
    await openWorkspace(page);
    const tag = uniqueTag();
    const keep = await uploadReady(page, `keep-${tag}.csv`, SALES_CSV);
    const row = await uploadReady(page, `draft-${tag}.csv`, SALES_CSV);

    await page.getByTestId('file-search').fill(`draft-${tag}`);
    await expect(page.locator('[data-testid="file-row"][data-status="ready"]')).toHaveCount(1);
    await page.getByTestId('file-search').fill('');
    await expect(keep).toBeVisible();

    await row.getByTestId('file-rename').click();
    await row.getByTestId('file-rename-input').fill(`final-${tag}.csv`);
    await row.getByTestId('file-rename-save').click();
    const renamed = fileRow(page, `final-${tag}.csv`);
    await expect(renamed).toHaveAttribute('data-status', 'ready');
    await expect(fileRow(page, `draft-${tag}.csv`)).toHaveCount(0);

    await renamed.getByTestId('file-delete').click();
    await renamed.getByTestId('file-delete-cancel').click();
    await expect(renamed).toBeVisible();
    await renamed.getByTestId('file-delete').click();
    await renamed.getByTestId('file-delete-confirm').click();
    await expect(renamed).toHaveCount(0);

    await page.reload();
    await expect(fileRow(page, `keep-${tag}.csv`)).toHaveAttribute('data-status', 'ready');
    await expect(fileRow(page, `final-${tag}.csv`)).toHaveCount(0);
  });

  test('cancels an upload in flight, and retries one that failed', async ({ page }) => {
    await openWorkspace(page);
    const tag = uniqueTag();
    // Requests are told apart by file name (the storage key ends with it), not by arrival order: the cancel may
    // happen before the first upload's PUT is even sent.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let markInFlight: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (markInFlight = resolve));
    let failedOnce = false;
    await page.route(isStorageRoute, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const url = decodeURIComponent(route.request().url());
      if (url.includes(`cancel-${tag}`)) {
        // Held until the test has cancelled it, so the cancel happens mid-upload.
        markInFlight();
        await held;
        return route.abort().catch(() => undefined);
      }
      if (url.includes(`flaky-${tag}`) && !failedOnce) {
        failedOnce = true;
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"backend","message":"disk busy"}' });
      }
      return route.continue();
    });
    const cancelled = `cancel-${tag}.csv`;
    await chooseFiles(page, [{ name: cancelled, body: SALES_CSV }]);
    await inFlight;
    await fileRow(page, cancelled).getByTestId('file-cancel').click();
    await expect(fileRow(page, cancelled)).toHaveCount(0);
    release();

    const flaky = `flaky-${tag}.csv`;
    await chooseFiles(page, [{ name: flaky, body: SALES_CSV }]);
    const row = fileRow(page, flaky);
    await expect(row).toHaveAttribute('data-status', 'error');
    await expect(row.getByTestId('file-error')).toContainText('HTTP 503: disk busy');
    await row.getByTestId('file-retry').click();
    await expect(row).toHaveAttribute('data-status', 'ready');

    await page.reload();
    await expect(fileRow(page, flaky)).toHaveAttribute('data-status', 'ready');
    await expect(fileRow(page, cancelled)).toHaveCount(0);
  });

  test('loads a dataset into Python; standard-library code reads /data/<name>', async ({ page }) => {
    await openWorkspace(page);
    const tag = uniqueTag();
    const row = await uploadReady(page, `units-${tag}.csv`, SALES_CSV);
    await row.getByTestId('file-pin').click();
    await expect(row.getByTestId('file-pin')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('load-pinned')).toContainText('(1)');

    const { path, variable } = await loadIntoPython(row);
    expect(variable).toMatch(/^df\d+$/);
    await expect(row.getByTestId('file-loaded')).toContainText(path);
    await runCode(page, csvReadingCode(path), 'ok');
    await expect(page.getByTestId('run-stdout')).toContainText("header ['region', 'units', 'price']");
    // A dict result is a key → value table.
    await expect(page.getByTestId('run-result').getByRole('row', { name: 'units 14' })).toBeVisible();
  });
});
