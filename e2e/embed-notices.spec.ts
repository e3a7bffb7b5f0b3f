// What an embed frame shows when it cannot show the analysis (issue "The workspace an analyst lives in"): a revoked
// link used to leave a blank 480 px frame, and a site that may not embed it showed the browser's broken-frame icon.
// Parent pages on two other loopback origins, one allowed (EMBED_ALLOWED_ORIGINS) and one not.
import { expect, test, type Page } from '@playwright/test';
import { EMBED_HEIGHT_MESSAGE, buildEmbedSnippet } from '../lib/share/embed-snippet';
import { uniqueTag } from './support/data';
import { LOCAL_APP_PORT } from './support/e2e-ports';
import { embedParentSites, parentPage, saveAnalysis } from './support/share';

const BASE_URL = `http://127.0.0.1:${LOCAL_APP_PORT}`;
const SECRET_ANSWER = 'East sold the most, 7 units';

const sites = embedParentSites();

async function saveOne(owner: Page) {
  await owner.goto('/analyses');
  return saveAnalysis(owner, {
    title: `Embed notice ${uniqueTag()}`,
    turns: [{ question: 'Which region sold the most?', answer: SECRET_ANSWER, code: 'print("East 7")', stdout: 'East 7\n', result: null }],
  });
}

function messagesOf(page: Page): Promise<Array<{ origin: string; data: { type?: string; height?: number } }>> {
  return page.evaluate(() => (window as unknown as { __messages: Array<{ origin: string; data: { type?: string; height?: number } }> }).__messages);
}

test('a site that may not embed the analysis shows why, with a link, instead of a broken frame', async ({ page, browser }) => {
  const link = await saveOne(page);
  const context = await browser.newContext();
  const stranger = await context.newPage();
  const snippet = buildEmbedSnippet({ appOrigin: BASE_URL, id: link.id, title: 'Numbers' });
  await stranger.goto(sites.stranger().page(`/post-${uniqueTag()}.html`, parentPage(snippet)));

  const frame = stranger.frameLocator('iframe');
  await expect(frame.getByTestId('embed-notice')).toContainText('Not available on this site');
  await expect(frame.getByRole('link', { name: 'Open it on Ask your data' })).toHaveAttribute('href', `/a/${link.id}`);
  await expect(frame.getByRole('link', { name: 'Open it on Ask your data' })).toHaveAttribute('target', '_blank');
  // Nothing of the analysis reaches the stranger's page, and no message is posted to it.
  await expect(frame.locator('body')).not.toContainText(SECRET_ANSWER);
  await expect(frame.getByTestId('embed')).toHaveCount(0);
  expect(await messagesOf(stranger)).toEqual([]);
  await context.close();
});

test('a revoked embed says so in its theme and the frame shrinks to the notice', async ({ page, browser }) => {
  const link = await saveOne(page);
  await page.goto('/analyses');
  const row = page.locator(`[data-testid="analysis-row"][data-id="${link.id}"]`);
  await row.getByTestId('analysis-revoke').click();
  await row.getByTestId('analysis-revoke-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'revoked');

  const context = await browser.newContext();
  const parent = await context.newPage();
  const snippet = buildEmbedSnippet({ appOrigin: BASE_URL, id: link.id, title: 'Numbers', theme: 'dark' });
  await parent.goto(sites.allowed().page(`/wiki-${uniqueTag()}.html`, parentPage(snippet)));

  const frame = parent.frameLocator('iframe');
  await expect(frame.getByTestId('embed-notice')).toContainText('This link was turned off');
  await expect(frame.locator('body')).toHaveCSS('background-color', 'rgb(15, 23, 42)');
  await expect(frame.locator('body')).not.toContainText(SECRET_ANSWER);
  // The notice told the allowed parent its height: the frame is no longer a 480 px hole.
  await expect.poll(async () => (await messagesOf(parent)).filter((message) => message.data?.type === EMBED_HEIGHT_MESSAGE).length).toBeGreaterThan(0);
  await expect.poll(() => parent.locator('iframe').evaluate((element: HTMLIFrameElement) => element.getBoundingClientRect().height)).toBeLessThan(200);
  expect(new Set((await messagesOf(parent)).map((message) => message.origin))).toEqual(new Set([BASE_URL]));
  await context.close();
});
