// Tier 4 for sharing: share links, the embed widget on other origins, exports, owner controls and the opt-in re-run,
// in Debian's Chromium against the production build. Analyses are saved the way the workspace saves them (a
// same-origin POST with the owner cookie), with standard-library outputs and real PNG figures.
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test';
import { buildEmbedSnippet, EMBED_HEIGHT_MESSAGE } from '../lib/share/embed-snippet';
import { csvReadingCode, SALES_CSV, uniqueTag, uploadReady, loadIntoPython } from './support/data';
import { LOCAL_APP_PORT } from './support/e2e-ports';
import { embedParentSites, parentPage, saveAnalysis, type TurnSpec, unitsByRegionTable } from './support/share';
import { openWorkspace } from './support/workspace';

const BASE_URL = `http://127.0.0.1:${LOCAL_APP_PORT}`;

const CODE = [
  'import matplotlib.pyplot as plt',
  'import pandas as pd',
  '',
  'sales = pd.DataFrame({"region": ["North", "South", "East"], "units": [3, 4, 7]})',
  'print("total units", sales["units"].sum())',
  'sales.plot.bar(x="region", y="units")',
  'result = sales',
].join('\n');

const TURN: TurnSpec = {
  question: 'Which region sold the most units?',
  // The raw HTML must come out as nothing: the answer is rendered markdown without HTML.
  answer:
    '**East** sold the most: 7 units, half of the 14 in total.\n\n<script>window.__pwned = 1</script>\n\n<img src="x" onerror="window.__pwned = 2">\n\n| region | units |\n|---|---|\n| East | 7 |\n',
  code: CODE,
  stdout: 'total units 14\n',
  result: unitsByRegionTable(),
  figures: 1,
};

const sites = embedParentSites();

/** Saves TURN from the owner's context (starting on /analyses, which runs no Python). */
async function saveSample(owner: Page, overrides: { title?: string; allowRerun?: boolean } = {}) {
  await owner.goto('/analyses');
  return saveAnalysis(owner, { title: overrides.title ?? `Units by region ${uniqueTag()}`, turns: [TURN], allowRerun: overrides.allowRerun ?? false });
}

async function downloadOf(page: Page, testId: string, nth = 0): Promise<{ download: Download; text: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).nth(nth).click()]);
  const path = await download.path();
  const bytes = await readFile(path);
  return { download, bytes, text: bytes.toString('utf8') };
}

async function freshViewer(browser: { newContext: () => Promise<BrowserContext> }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test.describe('Share, embed, export', () => {
  test('a share link shows the saved outputs at once, with no Python and no cookie', async ({ page, browser }) => {
    const link = await saveSample(page);
    const { context, page: view } = await freshViewer(browser);
    const kernelRequests: string[] = [];
    view.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/kernel/')) kernelRequests.push(request.url());
    });

    const response = await view.goto(link.url);
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['x-robots-tag']).toContain('noindex');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(view.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);

    const answer = view.getByTestId('shared-answer');
    await expect(answer).toContainText('East sold the most');
    await expect(answer.locator('strong')).toHaveText('East');
    await expect(answer.locator('table')).toContainText('East');
    await expect(answer.locator('script, img')).toHaveCount(0);
    const figure = view.getByTestId('shared-figure');
    await expect(figure).toBeVisible();
    await expect.poll(() => figure.evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0))).toBe(64);
    await expect(view.getByTestId('shared-result').locator('tbody tr')).toHaveCount(3);
    await expect(view.getByTestId('shared-stdout')).toHaveText('total units 14');
    // The code is there, collapsed until asked for.
    const code = view.getByTestId('shared-code');
    await expect(code).not.toHaveAttribute('open', '');
    await code.locator('summary').click();
    await expect(code.locator('pre')).toContainText('sales.plot.bar');
    await expect(view.getByTestId('shared-versions')).toContainText('Pyodide 314.0.7');
    await expect(view.getByTestId('shared-expiry')).toContainText('link works until');
    await expect(view.getByText('You saved this')).toHaveCount(0);

    // Cross-origin isolated like the app (a re-run needs the interrupt buffer), yet nothing started.
    expect(await view.evaluate(() => crossOriginIsolated)).toBe(true);
    await view.waitForLoadState('networkidle');
    // No Python until the viewer asks for it: no kernel frame (and so no worker) yet.
    await expect(view.getByTestId('kernel-frame')).toHaveCount(0);
    expect(kernelRequests).toEqual([]);
    expect(await view.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('ayd_owner');

    // The owner sees the link to manage it.
    await page.goto(link.url);
    await expect(page.getByText('You saved this')).toBeVisible();
    await context.close();
  });

  test('exports download as .py, .ipynb, .md, PNG and CSV', async ({ page, browser }) => {
    const link = await saveSample(page, { title: 'Regional units export' });
    const { context, page: view } = await freshViewer(browser);
    await view.goto(link.url);
    await expect(view.getByTestId('shared-answer')).toBeVisible();

    const python = await downloadOf(view, 'export-py');
    expect(python.download.suggestedFilename()).toBe('regional-units-export.py');
    expect(python.text).toContain('sales.plot.bar(x="region", y="units")');
    expect(python.text).toContain('Which region sold the most units?');

    const notebookFile = await downloadOf(view, 'export-ipynb');
    expect(notebookFile.download.suggestedFilename()).toBe('regional-units-export.ipynb');
    const notebook = JSON.parse(notebookFile.text) as {
      nbformat: number;
      cells: Array<{ cell_type: string; source: string | string[]; outputs?: Array<{ data?: Record<string, unknown> }> }>;
    };
    expect(notebook.nbformat).toBe(4);
    const codeCells = notebook.cells.filter((cell) => cell.cell_type === 'code');
    const source = (cell: { source: string | string[] }) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
    const analysisCell = codeCells.find((cell) => source(cell).includes('sales.plot.bar'));
    expect(analysisCell).toBeDefined();
    // The saved figure is embedded, fetched from the figure route at export time.
    const png = analysisCell?.outputs?.find((output) => output.data?.['image/png'])?.data?.['image/png'];
    expect(typeof png === 'string' && Buffer.from(png, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');

    const markdown = await downloadOf(view, 'export-md');
    expect(markdown.text).toContain('Which region sold the most units?');
    expect(markdown.text).toContain('East');
    expect(markdown.text).not.toContain('<script>');

    const figure = await downloadOf(view, 'export-figure');
    expect(figure.download.suggestedFilename()).toBe('1-1-1.png');
    expect(figure.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    const csv = await downloadOf(view, 'export-csv');
    expect(csv.text).toBe('region,units\r\nNorth,3\r\nSouth,4\r\nEast,7\r\n');
    await context.close();
  });

  test('the embed renders on an allowed origin and reports its height to that origin only', async ({ page, browser }) => {
    const link = await saveSample(page);
    const { context, page: parent } = await freshViewer(browser);
    const snippet = buildEmbedSnippet({ appOrigin: BASE_URL, id: link.id, title: 'Units by region' });
    const embedResponse = parent.waitForResponse((response) => response.url().includes(`/embed/${link.id}`));
    await parent.goto(sites.allowed().page(`/wiki-${uniqueTag()}.html`, parentPage(snippet)));

    const headers = (await embedResponse).headers();
    expect(headers['content-security-policy']).toContain(`frame-ancestors ${sites.allowed().origin}`);
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['x-robots-tag']).toContain('noindex');

    const frame = parent.frameLocator('iframe');
    await expect(frame.getByTestId('shared-answer')).toContainText('East sold the most');
    await expect(frame.getByTestId('shared-figure')).toBeVisible();
    await expect(frame.getByTestId('shared-result').locator('tbody tr')).toHaveCount(3);
    await expect(frame.getByTestId('embed-open')).toHaveAttribute('href', `/a/${link.id}`);
    await expect(frame.getByTestId('embed-open')).toHaveAttribute('target', '_blank');

    // The parent received height messages from the app's origin, and the snippet resized the iframe to the last one.
    await expect
      .poll(() =>
        parent.evaluate(
          (type) => (window as unknown as { __messages: Array<{ data: { type?: string } }> }).__messages.filter((m) => m.data?.type === type).length,
          EMBED_HEIGHT_MESSAGE,
        ),
      )
      .toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const messages = await parent.evaluate(
          () => (window as unknown as { __messages: Array<{ origin: string; data: { type?: string; height?: number } }> }).__messages,
        );
        const last = messages.filter((message) => message.data?.type === EMBED_HEIGHT_MESSAGE).at(-1)?.data;
        const frameHeight = await parent.locator('iframe').evaluate((element: HTMLIFrameElement) => element.style.height);
        return {
          origins: [...new Set(messages.map((message) => message.origin))],
          matches: last?.height !== undefined && frameHeight === `${Math.ceil(last.height)}px`,
          height: last?.height ?? 0,
        };
      })
      .toMatchObject({ origins: [BASE_URL], matches: true });
    const height = await parent.locator('iframe').evaluate((element: HTMLIFrameElement) => element.getBoundingClientRect().height);
    expect(height).not.toBe(480);
    expect(height).toBeGreaterThan(200);

    // The rest of the app still refuses to be framed, even by an allowed origin.
    const refusals: string[] = [];
    parent.on('console', (message) => refusals.push(message.text()));
    await parent.goto(sites.allowed().page(`/frames-app-${uniqueTag()}.html`, `<!DOCTYPE html><iframe src="${BASE_URL}${link.url}"></iframe>`));
    await parent.waitForLoadState('load');
    await expect(parent.frameLocator('iframe').getByTestId('shared-analysis')).toHaveCount(0);
    await expect.poll(() => refusals.some((text) => /X-Frame-Options|frame-ancestors/i.test(text))).toBe(true);

    // ?theme=dark
    await parent.goto(`${link.embedUrl}?theme=dark`);
    await expect(parent.getByTestId('embed')).toHaveAttribute('data-theme', 'dark');
    // The attribute lands before the stylesheet's transition settles: poll the computed colour, never read it once.
    await expect.poll(() => parent.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 23, 42)');
    await context.close();
  });

  test('the embed is refused on an origin that is not allowed', async ({ page, browser }) => {
    const link = await saveSample(page);
    const { context, page: stranger } = await freshViewer(browser);
    const consoleText: string[] = [];
    stranger.on('console', (message) => consoleText.push(message.text()));
    // With no Referer the server cannot tell the parent (its polite notice, e2e/embed-notices.spec.ts, is off):
    // the page's CSP frame-ancestors is the boundary, and this attacks it alone.
    const snippet = buildEmbedSnippet({ appOrigin: BASE_URL, id: link.id, title: 'Units by region' }).replace(
      'referrerpolicy="strict-origin-when-cross-origin"',
      'referrerpolicy="no-referrer"',
    );
    await stranger.goto(sites.stranger().page(`/blog-${uniqueTag()}.html`, parentPage(snippet)));
    await stranger.waitForLoadState('load');

    await expect.poll(() => consoleText.some((text) => text.includes('frame-ancestors'))).toBe(true);
    await expect(stranger.frameLocator('iframe').getByTestId('embed')).toHaveCount(0);
    await expect(stranger.frameLocator('iframe').getByTestId('shared-answer')).toHaveCount(0);
    expect(await stranger.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages)).toEqual([]);
    await context.close();
  });

  test('the owner changes the expiry, revokes and deletes; the link says so with 410/404', async ({ page, browser }) => {
    const link = await saveSample(page, { title: `Revocable ${uniqueTag()}` });
    const { context, page: view } = await freshViewer(browser);
    expect((await view.goto(link.url))?.status()).toBe(200);

    await page.goto('/analyses');
    const row = page.locator(`[data-testid="analysis-row"][data-id="${link.id}"]`);
    await expect(row).toHaveAttribute('data-status', 'active');
    await row.getByTestId('analysis-expiry').selectOption('never');
    await expect(row).toContainText('never expires');
    await view.reload();
    await expect(view.getByTestId('shared-expiry')).toHaveText('link does not expire');

    await row.getByTestId('analysis-revoke').click();
    await row.getByTestId('analysis-revoke-confirm').click();
    await expect(row).toHaveAttribute('data-status', 'revoked');

    const revoked = await view.goto(link.url);
    expect(revoked?.status()).toBe(410);
    expect(revoked?.headers()['x-robots-tag']).toContain('noindex');
    await expect(view.getByTestId('share-unavailable')).toHaveAttribute('data-reason', 'revoked');
    await expect(view.getByTestId('share-unavailable')).toContainText('turned its link off');
    expect((await view.goto(link.embedUrl))?.status()).toBe(410);
    expect((await view.request.get(`/api/analyses/${link.id}/figures/1-1-1.png`)).status()).toBe(404);

    await row.getByTestId('analysis-delete').click();
    await row.getByTestId('analysis-delete-confirm').click();
    await expect(row).toHaveCount(0);
    const deleted = await view.goto(link.url);
    expect(deleted?.status()).toBe(404);
    await expect(view.getByTestId('share-unavailable')).toHaveAttribute('data-reason', 'not_found');
    expect((await view.goto('/a/AAAAAAAAAAAAAAAAAAAAAA'))?.status()).toBe(404);
    await context.close();
  });

  test('re-run in the browser: matches when the code reproduces the outputs, says what differs otherwise', async ({ page, browser }) => {
    test.setTimeout(240_000);
    // The owner's data: uploaded and loaded as in the workspace, so the saved code reads the file the kernel mounts.
    await openWorkspace(page);
    const row = await uploadReady(page, `rerun-${uniqueTag()}.csv`, SALES_CSV);
    const datasetId = (await row.getAttribute('data-id')) ?? '';
    const { path } = await loadIntoPython(row);
    const turn = (units: number): TurnSpec => ({
      question: 'How many units in total?',
      answer: `There are ${units} units over 3 rows.`,
      code: csvReadingCode(path),
      stdout: "header ['region', 'units', 'price']\n",
      result: { kind: 'json', value: { rows: 3, units }, truncated: false },
    });
    await page.goto('/analyses');
    const same = await saveAnalysis(page, { title: `Re-run ${uniqueTag()}`, turns: [turn(14)], datasetIds: [datasetId], allowRerun: true });
    const tampered = await saveAnalysis(page, { title: `Re-run differs ${uniqueTag()}`, turns: [turn(15)], datasetIds: [datasetId], allowRerun: true });
    const locked = await saveAnalysis(page, { title: `No re-run ${uniqueTag()}`, turns: [turn(14)], datasetIds: [datasetId], allowRerun: false });

    const { context, page: view } = await freshViewer(browser);
    await view.goto(same.url);
    await expect(view.getByTestId('shared-datasets')).toContainText(path.replace('/data/', ''));
    await view.waitForLoadState('networkidle');
    // No Python until the viewer asks for it: no kernel frame (and so no worker) yet.
    await expect(view.getByTestId('kernel-frame')).toHaveCount(0);
    await view.getByTestId('rerun').click();
    // Someone else's code is shown, and nothing runs, until the viewer confirms.
    await expect(view.getByTestId('rerun-foreign-warning')).toContainText('someone else’s code');
    await expect(view.getByTestId('rerun-code')).toHaveText(csvReadingCode(path));
    expect(view.workers()).toHaveLength(0);
    await view.getByTestId('rerun-confirm').click();
    await expect(view.getByTestId('rerun-summary')).toHaveAttribute('data-outcome', 'match', { timeout: 120_000 });
    await expect(view.getByTestId('rerun-turn')).toHaveAttribute('data-matches', 'true');
    await expect(view.getByTestId('rerun-summary')).toContainText('match the saved ones');
    await expect(view.getByTestId('kernel-frame')).not.toHaveCount(0);

    await view.goto(tampered.url);
    await view.getByTestId('rerun').click();
    await view.getByTestId('rerun-confirm').click();
    await expect(view.getByTestId('rerun-summary')).toHaveAttribute('data-outcome', 'differs', { timeout: 120_000 });
    await expect(view.getByTestId('rerun-turn')).toContainText('result differs');

    await view.goto(locked.url);
    await expect(view.getByTestId('rerun')).toBeDisabled();
    await expect(view.getByText('did not allow viewers to re-run')).toBeVisible();
    // Without data too: the owner's switch is about running their code, not only about handing out the data.
    const noData = await saveAnalysis(page, { title: `No re-run, no data ${uniqueTag()}`, turns: [{ ...turn(14), code: 'print(1)' }], allowRerun: false });
    await view.goto(noData.url);
    await expect(view.getByTestId('rerun')).toBeDisabled();
    await context.close();
  });
});
