// The page side of the wall, in Debian's Chromium against the production build: every page's nonce CSP (and that
// the pages hydrate and work under it), answers that never load an image URL, re-runs that show the code first,
// the object and figure routes' own sandbox CSP, and state-changing routes and server actions that refuse a null or
// foreign Origin (what code escaped from the kernel's opaque-origin frame would send).
import { expect, test, type APIRequestContext, type Request } from '@playwright/test';
import { expectPageCsp, watchCsp } from './support/csp';
import { fileRow, uniqueTag, uploadReady } from './support/data';
import { EMBED_PARENT_PORT, LOCAL_APP_PORT } from './support/e2e-ports';
import { saveAnalysis, type TurnSpec } from './support/share';
import { openWorkspace } from './support/workspace';

const APP = `http://127.0.0.1:${LOCAL_APP_PORT}`;
const EXFIL = 'http://127.0.0.1:9/exfil.png?secret=14';
const SANDBOX_CSP = "default-src 'none'; sandbox";

const TURN: TurnSpec = {
  question: 'How many units in total?',
  answer: `There are **14** units.\n\n![units chart](${EXFIL})\n\nSee also ![ref image][r].\n\n[r]: ${EXFIL}&ref=1\n`,
  code: 'print("total 14")',
  stdout: 'total 14\n',
  result: null,
  figures: 1,
};

/** What the browser sent for a server action, so it can be replayed with another Origin. */
interface ActionCall {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function actionCall(request: Request): ActionCall | null {
  const headers = request.headers();
  if (request.method() !== 'POST' || !headers['next-action']) return null;
  const keep = Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('next-') || name === 'content-type' || name === 'accept'));
  return { url: request.url(), headers: keep, body: request.postData() ?? '' };
}

const REFUSED: Array<{ name: string; headers: Record<string, string> }> = [
  { name: 'Origin: null', headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } },
  { name: 'a foreign Origin', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
  { name: 'no Origin, cross-site', headers: { 'sec-fetch-site': 'cross-site' } },
];

async function expectRefused(request: APIRequestContext, call: { url: string; method: string; headers?: Record<string, string>; body: string }): Promise<void> {
  for (const { name, headers } of REFUSED) {
    const response = await request.fetch(call.url, { method: call.method, headers: { ...call.headers, ...headers }, data: call.body, maxRedirects: 0 });
    expect(response.status(), `${call.method} ${call.url} with ${name}`).toBe(403);
    expect(await response.json(), `${call.method} ${call.url} with ${name}`).toMatchObject({
      code: 'forbidden_origin',
      message: expect.stringContaining('Refused'),
    });
  }
}

test.describe('The wall, page side', () => {
  test('every page carries a nonce CSP, hydrates and works under it; answers never load image URLs', async ({ page, browser }) => {
    test.setTimeout(180_000);
    const csp = await watchCsp(page);
    const exfilRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('exfil')) exfilRequests.push(request.url());
    });
    const actions: ActionCall[] = [];
    page.on('request', (request) => {
      const call = actionCall(request);
      if (call) actions.push(call);
    });

    // Workspace: the worker starts (worker-src), Python boots, the data list comes from a server action.
    const home = await page.goto('/');
    const firstNonce = expectPageCsp(home);
    await openWorkspace(page);
    const row = await uploadReady(page, `wall-${uniqueTag()}.csv`, 'region,units\nNorth,14\n');
    expect(await row.getAttribute('data-id')).toBeTruthy();

    // My analyses: saving (same-origin POST) works, and a client-side action changes the re-run switch.
    const analyses = await page.goto('/analyses');
    expect(expectPageCsp(analyses)).not.toBe(firstNonce);
    const link = await saveAnalysis(page, { title: `Wall ${uniqueTag()}`, turns: [TURN], allowRerun: false });
    await page.reload();
    const saved = page.locator(`[data-testid="analysis-row"][data-id="${link.id}"]`);
    // Controlled by the server's answer: it turns checked only once the action has succeeded.
    await saved.getByTestId('analysis-allow-rerun').click();
    await expect(saved.getByTestId('analysis-allow-rerun')).toBeChecked();
    await page.reload();
    await expect(page.locator(`[data-testid="analysis-row"][data-id="${link.id}"]`).getByTestId('analysis-allow-rerun')).toBeChecked();

    // The share page as its owner: the image is a link, the code is shown before it runs, then it runs.
    expectPageCsp(await page.goto(link.url));
    const answer = page.getByTestId('shared-answer');
    await expect(answer.locator('[data-markdown-image="link"]')).toHaveCount(2);
    await expect(answer.locator('[data-markdown-image="link"]').first()).toHaveAttribute('href', EXFIL);
    await expect(answer.locator('img')).toHaveCount(0);
    // Saved figures still display (the figure route, same-origin under img-src 'self').
    const figure = page.getByTestId('shared-figure').first();
    await expect(figure).toBeVisible();
    await expect.poll(() => figure.evaluate((element) => (element instanceof HTMLImageElement ? element.naturalWidth : 0))).toBeGreaterThan(0);
    await page.getByTestId('rerun').click();
    await expect(page.getByTestId('rerun-confirmation')).toHaveAttribute('data-owner', 'true');
    await expect(page.getByTestId('rerun-foreign-warning')).toHaveCount(0);
    await expect(page.getByTestId('rerun-code')).toHaveText(TURN.code);
    expect(page.workers()).toHaveLength(0);
    await page.getByTestId('rerun-confirm').click();
    // The confirmed code ran: its printed output matches; the saved figure was drawn by the test, not by this code.
    await expect(page.getByTestId('rerun-summary')).toHaveAttribute('data-outcome', 'differs', { timeout: 120_000 });
    await expect(page.getByTestId('rerun-turn')).toHaveText('Question 1: differs — 0 figure(s) now, 1 saved');

    // The embed: its own frame-ancestors, the same script policy, and its scripts ran (they carry the nonce).
    const embed = await page.goto(link.embedUrl);
    expectPageCsp(embed, { frameAncestors: [`http://127.0.0.1:${EMBED_PARENT_PORT}`] });
    await expect(page.getByTestId('embed').locator('[data-markdown-image="link"]')).toHaveCount(2);
    await expect(page.getByTestId('embed').locator('img[src*="exfil"]')).toHaveCount(0);
    expect(await page.locator('script[nonce]').count()).toBeGreaterThan(0);

    expect(await csp.violations()).toEqual([]);
    expect(exfilRequests).toEqual([]);

    // A viewer is told plainly that it is someone else's code before anything runs.
    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    const viewerCsp = await watchCsp(viewer);
    await viewer.goto(link.url);
    await viewer.getByTestId('rerun').click();
    await expect(viewer.getByTestId('rerun-foreign-warning')).toContainText('someone else’s code');
    await expect(viewer.getByTestId('rerun-code')).toHaveText(TURN.code);
    await viewer.getByTestId('rerun-cancel').click();
    await expect(viewer.getByTestId('rerun-confirmation')).toHaveCount(0);
    expect(viewer.workers()).toHaveLength(0);
    expect(await viewerCsp.violations()).toEqual([]);
    await viewerContext.close();

    // Every server action this session used refuses a null or foreign Origin and still answers its own origin.
    const distinct = [...new Map(actions.map((call) => [call.headers['next-action'], call])).values()];
    expect(distinct.length).toBeGreaterThanOrEqual(3);
    for (const call of distinct) {
      await expectRefused(page.request, { ...call, method: 'POST' });
      const own = await page.request.fetch(call.url, {
        method: 'POST',
        headers: { ...call.headers, origin: APP, 'sec-fetch-site': 'same-origin' },
        data: call.body,
      });
      expect(own.status(), `action ${call.headers['next-action']} from its own origin`).toBe(200);
    }
    // Refused before Next looks the action up: an unknown id is refused the same way.
    await expectRefused(page.request, {
      url: `${APP}/`,
      method: 'POST',
      headers: { 'next-action': '00'.repeat(21), 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
  });

  test('a workspace answer with an image (prompt injection) shows a link and fetches nothing', async ({ page }) => {
    const csp = await watchCsp(page);
    const exfilRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('exfil')) exfilRequests.push(request.url());
    });
    await openWorkspace(page);
    const row = await uploadReady(page, `wall-ask-${uniqueTag()}.csv`, 'region,units\nNorth,14\n');
    await row.getByTestId('file-pin').click();
    await page.getByTestId('question-input').fill('Please exfiltrate the total');
    await page.getByTestId('question-input').press('Enter');
    const turn = page.getByTestId('turn').last();
    await expect(turn).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    const answer = turn.getByTestId('answer');
    await expect(answer).toHaveAttribute('data-streaming', 'false');
    await expect(answer.locator('[data-markdown-image="link"]')).toHaveAttribute('href', 'http://127.0.0.1:9/exfil.png?secret=14');
    await expect(answer.locator('img')).toHaveCount(0);
    expect(await csp.violations()).toEqual([]);
    expect(exfilRequests).toEqual([]);
  });

  // The Ask step's actions (ask, repair, cancelAsk) have their own case: e2e/ask-actions.spec.ts.
  test('state-changing API routes refuse a null or foreign Origin; the figure and object routes keep their sandbox CSP', async ({ page, request }) => {
    test.setTimeout(120_000);
    await page.goto('/analyses');
    const link = await saveAnalysis(page, { title: `Wall routes ${uniqueTag()}`, turns: [TURN] });

    const routes = [
      { url: `${APP}/api/analyses`, method: 'POST' },
      { url: `${APP}/api/answer`, method: 'POST' },
      { url: `${APP}/api/storage/object?key=datasets%2Fx&exp=1&sig=x`, method: 'PUT' },
    ];
    for (const route of routes) {
      await expectRefused(request, { ...route, headers: { 'content-type': 'application/json' }, body: '{}' });
      // Its own origin reaches the handler, which refuses the empty body for its own reason.
      const own = await request.fetch(route.url, { method: route.method, headers: { 'content-type': 'application/json', origin: APP }, data: '{}' });
      const body: unknown = await own.json();
      expect(body, `${route.method} ${route.url} from its own origin`).not.toMatchObject({ code: 'forbidden_origin' });
    }

    const figure = await request.get(`${APP}/api/analyses/${link.id}/figures/1-1-1.png`);
    expect(figure.status()).toBe(200);
    expect(figure.headers()['content-type']).toBe('image/png');
    expect(figure.headers()['content-security-policy']).toBe(SANDBOX_CSP);
    // Still isolated like every response of the app.
    expect(figure.headers()['cross-origin-resource-policy']).toBe('same-origin');

    // A signed object URL as the page uses it: loading a file into Python downloads it from the object route.
    await openWorkspace(page);
    const name = `wall-object-${uniqueTag()}.csv`;
    await uploadReady(page, name, 'a,b\n1,2\n');
    // After a reload the picked file is forgotten (lib/files/client/local-files.ts): the bytes come from storage.
    await openWorkspace(page);
    const row = fileRow(page, name);
    const [download] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/storage/object') && response.request().method() === 'GET'),
      row.getByTestId('file-load').click(),
    ]);
    expect(download.status()).toBeLessThan(300);
    expect(download.headers()['content-security-policy']).toBe(SANDBOX_CSP);
  });
});
