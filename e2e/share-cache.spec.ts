// The share-page cache (lib/share/server/page-cache) in Debian's Chromium against the production build: a second viewer
// gets the first viewer's render from memory under a hash-based CSP, and the page still hydrates and works; the
// owner always gets a fresh render with the owner's controls; revoking takes effect on the very next request.
import { expect, test, type Page } from '@playwright/test';
import { uniqueTag } from './support/data';
import { saveAnalysis, type SavedLink } from './support/share';

async function saveSample(owner: Page): Promise<SavedLink> {
  await owner.goto('/analyses');
  return saveAnalysis(owner, {
    title: `Cached ${uniqueTag()}`,
    turns: [
      {
        question: 'How many units?',
        answer: 'There are **14** units.',
        code: 'result = 14',
        stdout: 'total units 14\n',
        result: { kind: 'scalar', value: 14, pyType: 'int', truncated: false },
      },
    ],
  });
}

test('a second viewer is served from the cache, the page hydrates under its hash-based CSP, and the owner is not', async ({ page, browser }) => {
  const link = await saveSample(page);
  const viewer = await browser.newContext();
  const view = await viewer.newPage();
  const refused: string[] = [];
  view.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });

  const first = await view.goto(link.url);
  expect(first?.status()).toBe(200);
  expect(first?.headers()['x-share-cache']).toBe('miss');
  const second = await view.goto(link.url);
  expect(second?.status()).toBe(200);
  const headers = second?.headers() ?? {};
  expect(headers['x-share-cache']).toBe('hit');
  expect(headers['content-security-policy']).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(headers['content-security-policy']).not.toContain('nonce-');
  expect(headers['x-robots-tag']).toContain('noindex');
  expect(headers['set-cookie']).toBeUndefined();

  // Hydrated: an export is built in the page by React's click handler.
  await expect(view.getByTestId('shared-answer').first()).toContainText('14');
  const [download] = await Promise.all([view.waitForEvent('download'), view.getByTestId('export-md').click()]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  expect(refused).toEqual([]);

  // The owner's own browser: a fresh render with the owner's controls, never the cached page.
  const own = await page.goto(link.url);
  expect(own?.headers()['x-share-cache']).toBeUndefined();

  // Revoked from "My analyses": the next viewer request is refused, whatever the cache holds.
  await page.goto('/analyses');
  const row = page.locator(`[data-testid="analysis-row"][data-id="${link.id}"]`);
  await row.getByTestId('analysis-revoke').click();
  await row.getByTestId('analysis-revoke-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'revoked');
  const revoked = await view.goto(link.url);
  expect(revoked?.status()).toBe(410);
  await viewer.close();
});

test('the embed is cached per theme and keeps its frame-ancestors', async ({ page, request }) => {
  const link = await saveSample(page);
  const dark = `${link.embedUrl}?theme=dark`;
  expect((await request.get(dark)).headers()['x-share-cache']).toBe('miss');
  const hit = await request.get(dark);
  expect(hit.headers()['x-share-cache']).toBe('hit');
  expect(hit.headers()['content-security-policy']).toMatch(/frame-ancestors http:\/\/127\.0\.0\.1:\d+/);
  expect(await hit.text()).toContain('data-theme="dark"');
  // Another theme is another page; a query the page does not know is never served from (or put in) the cache.
  expect((await request.get(`${link.embedUrl}?theme=light`)).headers()['x-share-cache']).toBe('miss');
  expect((await request.get(`${link.embedUrl}?theme=dark&x=1`)).headers()['x-share-cache']).toBeUndefined();
});
