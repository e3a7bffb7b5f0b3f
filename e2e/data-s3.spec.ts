// Tier 4 for the Data feature with STORAGE=s3: the browser uploads straight to the bucket (s3rver on loopback,
// another origin, so CORS and COEP are in play) and fetches the data back from presigned URLs. Runs only in the
// `s3` project, against the server started by e2e/support/start-s3-app.mjs.
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { chooseFiles, csvReadingCode, fileRow, loadIntoPython, SALES_CSV, uniqueTag } from './support/data';
import { S3_BUCKET, S3RVER_PORT } from './support/e2e-ports';
import { saveAnalysis } from './support/share';
import { openWorkspace, runCode } from './support/workspace';

const S3RVER_ORIGIN = `http://127.0.0.1:${S3RVER_PORT}`;

/** A CSV of about `megabytes` MB: 12 MB crosses the 5 MB multipart threshold the s3 server is started with. */
function bigCsv(megabytes: number): Buffer {
  const lines = ['id,units,label'];
  for (let index = 0, size = 0; size < megabytes * 1024 * 1024; index += 1) {
    const line = `${index},${index % 97},label-${index}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

test.describe('Data on S3 (s3rver on loopback)', () => {
  test('uploads straight to the bucket and hands the file to Python through a presigned URL', async ({ page }) => {
    await openWorkspace(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const tag = uniqueTag();
    const name = `s3-sales-${tag}.csv`;
    const put = page.waitForRequest((request) => request.method() === 'PUT' && request.url().startsWith(`${S3RVER_ORIGIN}/${S3_BUCKET}/datasets/`));
    await chooseFiles(page, [{ name, body: SALES_CSV }]);
    expect((await put).url()).toContain(`/s3-sales-${tag}.csv?`);
    const row = fileRow(page, name);
    await expect(row).toHaveAttribute('data-status', 'ready');
    await expect(row.getByTestId('file-rows')).toHaveText('3 rows');
    await row.getByTestId('file-schema-toggle').click();
    await expect(row.getByTestId('file-schema')).toContainText('units');

    // After a reload the picked file is forgotten (lib/files/client/local-files.ts): the bytes come from the bucket.
    await openWorkspace(page);
    const download = page.waitForResponse(
      (response) => response.url().startsWith(`${S3RVER_ORIGIN}/${S3_BUCKET}/datasets/`) && response.request().method() === 'GET',
    );
    const { path } = await loadIntoPython(row);
    // The disk cache's download worker reads the object in ranged GETs (206); a store that ignores Range answers 200.
    expect([200, 206]).toContain((await download).status());
    await runCode(page, csvReadingCode(path), 'ok');
    // A dict result is a key → value table.
    await expect(page.getByTestId('run-result').getByRole('row', { name: 'units 14' })).toBeVisible();
  });

  test('a large file goes up in parts with progress and is registered from its head', async ({ page }) => {
    await openWorkspace(page);
    const name = `big-${uniqueTag()}.csv`;
    const partPuts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('partNumber=')) partPuts.push(request.url());
    });
    await chooseFiles(page, [{ name, body: bigCsv(12) }]);
    const row = fileRow(page, name);
    await expect(row.getByTestId('file-progress')).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    expect(partPuts.length).toBe(2);
    await expect(row.getByTestId('file-rows')).toContainText('≈');
  });

  test('imports objects already in the bucket and loads one into Python', async ({ page }) => {
    const tag = uniqueTag();
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: S3RVER_ORIGIN,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const name = `orders-${tag}.csv`;
    await client.send(new PutObjectCommand({ Bucket: S3_BUCKET, Key: `exports/${tag}/${name}`, Body: 'region,units\nWest,5\nEast,6\n' }));
    await client.send(new PutObjectCommand({ Bucket: S3_BUCKET, Key: `exports/${tag}/readme.md`, Body: '# not data' }));

    await openWorkspace(page);
    await page.getByText('Import from bucket prefix').click();
    await page.getByTestId('import-prefix').fill(`exports/${tag}/`);
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-result')).toContainText('Imported 1, skipped 1');
    const row = fileRow(page, name);
    await expect(row).toHaveAttribute('data-status', 'ready');
    await expect(row.getByTestId('file-facts')).toContainText(`exports/${tag}/`);

    const { path } = await loadIntoPython(row);
    await runCode(page, csvReadingCode(path), 'ok');
    await expect(page.getByTestId('run-result').getByRole('row', { name: 'units 11' })).toBeVisible();

    // Importing again finds nothing new; a shared dataset is read-only (no rename or delete) and the object stays.
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-result')).toContainText('Imported 0, skipped 2');
    await expect(row.getByTestId('file-shared')).toBeVisible();
    await expect(row.getByTestId('file-delete')).toHaveCount(0);
    await expect(row.getByTestId('file-rename')).toHaveCount(0);
    const head = await client.send(new HeadObjectCommand({ Bucket: S3_BUCKET, Key: `exports/${tag}/${name}` }));
    expect(head.ContentLength).toBe(27);
    client.destroy();
  });

  test('a saved analysis lives in the bucket and its share link renders with no Python', async ({ page, browser }) => {
    await page.goto('/analyses');
    const saved = await saveAnalysis(page, {
      title: `S3 share ${uniqueTag()}`,
      turns: [
        {
          question: 'How many units?',
          answer: 'There are **14** units.',
          code: 'result = 14',
          stdout: 'units 14\n',
          result: { kind: 'scalar', value: 14, pyType: 'int', truncated: false },
          figures: 1,
        },
      ],
    });
    // The record and its figure are objects in the bucket, as an independent client sees them.
    const client = new S3Client({
      endpoint: S3RVER_ORIGIN,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const record = await client.send(new HeadObjectCommand({ Bucket: S3_BUCKET, Key: `analyses/${saved.id}.json` }));
    expect(record.ContentLength).toBeGreaterThan(100);

    const viewer = await browser.newContext();
    const shared = await viewer.newPage();
    await shared.goto(saved.url);
    await expect(shared.getByTestId('shared-answer')).toContainText('There are 14 units');
    await expect(shared.getByTestId('shared-figure')).toHaveCount(1);
    expect(await shared.getByTestId('shared-figure').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(64);
    await expect(shared.getByTestId('kernel-frame')).toHaveCount(0);
    await viewer.close();
  });
});
