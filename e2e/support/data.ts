import { expect, type Locator, type Page } from '@playwright/test';

/** A name no earlier run used: the e2e data folder and bucket outlive a run when servers are reused. */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export function fileRow(page: Page, name: string): Locator {
  return page.locator(`[data-testid="file-row"][data-name="${name}"]`);
}

/** Picks files through the real <input type=file>, as the "choose files" button does. */
export async function chooseFiles(page: Page, files: Array<{ name: string; body: string | Buffer; mimeType?: string }>): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles(
      files.map(({ name, body, mimeType }) => ({ name, mimeType: mimeType ?? 'text/csv', buffer: typeof body === 'string' ? Buffer.from(body) : body })),
    );
}

/** Uploads one file and waits until its row is ready. */
export async function uploadReady(page: Page, name: string, body: string | Buffer): Promise<Locator> {
  await chooseFiles(page, [{ name, body }]);
  const row = fileRow(page, name);
  await expect(row).toHaveAttribute('data-status', 'ready');
  return row;
}

/** "Load into Python" on a row; resolves with the /data path and variable the page reports. */
export async function loadIntoPython(row: Locator): Promise<{ path: string; variable: string }> {
  await row.getByTestId('file-load').click();
  const loaded = row.getByTestId('file-loaded');
  await expect(loaded).toBeVisible();
  const path = await loaded.getAttribute('data-path');
  const variable = await loaded.getAttribute('data-variable');
  expect(path).toMatch(/^\/data\/[A-Za-z0-9._-]+$/);
  return { path: path ?? '', variable: variable ?? '' };
}

/** Standard-library Python that reads a mounted CSV: the hand-off works whatever pandas binding the kernel adds. */
export function csvReadingCode(path: string): string {
  return [
    'import csv',
    `with open(${JSON.stringify(path)}, newline="") as handle:`,
    '    rows = list(csv.reader(handle))',
    'print("header", rows[0])',
    'result = {"rows": len(rows) - 1, "units": sum(int(row[1]) for row in rows[1:])}',
  ].join('\n');
}

export const SALES_CSV = 'region,units,price\nNorth,3,2.5\nSouth,4,1.25\nEast,7,3\n';
