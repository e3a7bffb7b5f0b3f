// Interactive results in Chromium: Vega-Lite charts (as Altair hands them to Jupyter, through `_repr_mimebundle_`;
// standard library only, since the kernel has no package mirror here) drawn without eval and with tooltips; dict and
// list results as tables that sort, filter and download as CSV; a chart saved from the workspace and shown on its
// share link and embed.
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { watchCsp } from './support/csp';
import { uniqueTag, uploadReady } from './support/data';
import { openWorkspace, runCode } from './support/workspace';

const CHART_CLASS = [
  'class VegaLiteChart:',
  '    def __init__(self, spec):',
  '        self.spec = spec',
  '',
  '    def _repr_mimebundle_(self, include=None, exclude=None):',
  '        return {"application/vnd.vegalite.v6+json": self.spec, "text/plain": "<VegaLiteChart>"}',
  '',
].join('\n');

function chartCode(spec: string): string {
  return `${CHART_CLASS}\nVegaLiteChart(${spec})`;
}

const BAR_SPEC = JSON.stringify({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {
    values: [
      { region: 'North', units: 3 },
      { region: 'South', units: 4 },
      { region: 'East', units: 7 },
    ],
  },
  mark: 'bar',
  width: 240,
  height: 160,
  encoding: {
    x: { field: 'region', type: 'nominal', sort: null },
    y: { field: 'units', type: 'quantitative' },
    tooltip: [
      { field: 'region', type: 'nominal' },
      { field: 'units', type: 'quantitative' },
    ],
  },
}).replace(/null/g, 'None');

/** Hovers the n-th bar of a drawn chart and returns the tooltip vega-tooltip shows. */
async function hoverBar(page: Page, chart: Locator, index: number): Promise<Locator> {
  await expect(chart).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const bars = chart.locator('svg .mark-rect path');
  await expect(bars).toHaveCount(3);
  await bars.nth(index).hover();
  const tooltip = page.locator('#vg-tooltip-element');
  await expect(tooltip).toHaveClass(/visible/);
  return tooltip;
}

/** Clicks the download button `testId` inside `scope` and returns the file's text. */
async function download(page: Page, scope: Page | Locator, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), scope.getByTestId(testId).click()]);
  return readFile(await file.path(), 'utf8');
}

test.describe('interactive results', () => {
  test('a Vega-Lite chart is drawn as SVG without eval, with a tooltip on hover', async ({ page }) => {
    const csp = await watchCsp(page);
    await openWorkspace(page);
    await runCode(page, chartCode(BAR_SPEC), 'ok');
    const chart = page.getByTestId('run-result').getByTestId('result-chart');
    const tooltip = await hoverBar(page, chart, 2);
    await expect(tooltip).toContainText('East');
    await expect(tooltip).toContainText('7');
    await expect(chart.locator('svg')).toHaveCount(1);
    expect(await csp.violations()).toEqual([]);
  });

  test('a hostile or broken spec shows why in place of the chart, and loads nothing', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('evil.example')) requests.push(request.url());
    });
    await openWorkspace(page);
    const hostile = JSON.stringify({ data: { url: 'https://evil.example/steal.csv' }, mark: 'point' });
    await runCode(page, chartCode(hostile), 'ok');
    await expect(page.getByTestId('result-chart-error')).toContainText('Chart not shown: spec.data has "url"');
    await expect(page.getByTestId('result-chart')).toHaveCount(0);

    // Valid JSON that vega-lite cannot compile: vega's own message, not an empty box.
    await runCode(page, chartCode(JSON.stringify({ mark: 'no-such-mark', data: { values: [] } })), 'ok');
    const chart = page.getByTestId('result-chart');
    await expect(chart).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(chart.getByTestId('result-chart-error')).toContainText(/^The chart could not be drawn: \S/);
    await expect(chart.locator('svg')).toHaveCount(0);
    expect(requests).toEqual([]);
  });

  test('lists of records and dicts are tables that sort numerically, filter, and download what is shown', async ({ page }) => {
    await openWorkspace(page);
    await runCode(
      page,
      'result = [{"region": "North", "units": 10}, {"region": "South", "units": 9}, {"region": "East", "units": 100}, {"region": "West", "units": 25, "note": "=1+2"}]',
      'ok',
    );
    const result = page.getByTestId('run-result');
    const table = result.locator('table');
    await expect(table.locator('thead th')).toHaveText([/region/, /units/, /note/]);
    await expect(table.locator('tbody tr')).toHaveCount(4);

    const units = table.locator('thead th').nth(1);
    await units.getByTestId('result-sort').click();
    await expect(units).toHaveAttribute('aria-sort', 'ascending');
    // Numerically: as text, 100 would come before 25 and 9.
    await expect(table.locator('tbody tr td:nth-child(2)')).toHaveText(['9', '10', '25', '100']);
    await units.getByTestId('result-sort').click();
    await expect(units).toHaveAttribute('aria-sort', 'descending');
    await expect(table.locator('tbody tr td:nth-child(2)')).toHaveText(['100', '25', '10', '9']);

    await result.getByTestId('result-filter').fill('st');
    await expect(table.locator('tbody tr td:first-child')).toHaveText(['East', 'West']);
    await expect(result.getByTestId('result-row-count')).toHaveText('2 of 4 rows');
    // The filtered rows, in the order shown; the formula cell neutralised.
    expect(await download(page, result, 'export-csv')).toBe("region,units,note\r\nEast,100,\r\nWest,25,'=1+2\r\n");

    await runCode(page, 'result = {"n": 8, "max": 9}', 'ok');
    await expect(result.locator('thead th')).toHaveText([/key/, /value/]);
    await expect(result.getByRole('row', { name: 'max 9' })).toBeVisible();

    await runCode(page, 'result = {"city": ["Bern", "Zürich"], "people": [134000, 421000]}', 'ok');
    await expect(result.locator('thead th')).toHaveText([/city/, /people/]);
    await result.getByTestId('result-filter').fill('zurich');
    await expect(result.locator('tbody tr')).toHaveText(['Zürich421000']);
  });

  test('a chart from a question is saved with its PNG and drawn on the share page and the embed', async ({ page, browser }) => {
    await openWorkspace(page);
    const row = await uploadReady(page, `chart-${uniqueTag()}.csv`, 'region,units\nNorth,3\nSouth,4\nNorth,7\nEast,7\n');
    await row.getByTestId('file-pin').click();
    await page.getByTestId('question-input').fill('Chart the units by region');
    await page.getByTestId('question-input').press('Enter');
    const turn = page.getByTestId('turn').last();
    await expect(turn).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    await expect(turn.getByTestId('result-chart')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

    await page.getByTestId('save-analysis').click();
    const shareUrl = (await page.getByTestId('share-url').textContent())?.trim() ?? '';
    expect(shareUrl).toMatch(/\/a\/[A-Za-z0-9_-]{22}$/);
    const id = shareUrl.slice(shareUrl.lastIndexOf('/') + 1);

    const colleague = await browser.newContext();
    const viewer = await colleague.newPage();
    const csp = await watchCsp(viewer);
    await viewer.goto(shareUrl);
    const chart = viewer.getByTestId('shared-result').getByTestId('result-chart');
    const tooltip = await hoverBar(viewer, chart, 0);
    await expect(tooltip).toContainText('North');
    await expect(tooltip).toContainText('10');
    expect(await csp.violations()).toEqual([]);

    // The PNG drawn in the saver's browser is served with the figures and used by the Markdown export.
    const png = await viewer.request.get(`/api/analyses/${id}/figures/1-1-chart.png`);
    expect(png.status()).toBe(200);
    expect((await png.body()).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await download(viewer, viewer, 'export-md')).toContain('![Chart of question 1](figures/1-1-chart.png)');

    // A second viewer gets the page from the share-page cache, under its hash-based CSP: the chart still draws.
    const second = await colleague.newPage();
    const secondCsp = await watchCsp(second);
    const cached = await second.goto(shareUrl);
    expect(cached?.headers()['x-share-cache']).toBe('hit');
    expect(cached?.headers()['content-security-policy']).not.toContain('nonce-');
    await hoverBar(second, second.getByTestId('shared-result').getByTestId('result-chart'), 2);
    expect(await secondCsp.violations()).toEqual([]);

    await viewer.goto(`/embed/${id}`);
    await expect(viewer.getByTestId('result-chart')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(viewer.getByTestId('result-chart').locator('svg .mark-rect path')).toHaveCount(3);
    expect(await csp.violations()).toEqual([]);
    await colleague.close();
  });
});
