// The answer checks in Chromium with a scripted model (e2e/fixtures/ask-script.json, plain Python: no pandas here):
// a "top 5" answered with 10 rows fails the row-count check, the run goes back through the repair loop once with the
// reason, the scripted repair still returns too many rows, and the answer arrives saying which check failed — in the
// workspace and on the saved analysis's page.
import { expect, test } from '@playwright/test';
import { uniqueTag, uploadReady } from './support/data';
import { openWorkspace } from './support/workspace';

const REGIONS = `${['region,units', ...Array.from({ length: 12 }, (_, index) => `R${String(index + 1).padStart(2, '0')},${120 - index * 7}`)].join('\n')}\n`;

test('a failed answer check triggers one repair, then the answer names the check that still fails', async ({ page, browser }) => {
  await openWorkspace(page);
  const row = await uploadReady(page, `regions-${uniqueTag()}.csv`, REGIONS);
  await row.getByTestId('file-pin').click();

  await page.getByTestId('question-input').fill('Which 5 regions sold the most units?');
  await page.getByTestId('question-input').press('Enter');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });

  // Two clean runs: the generated code (10 rows) and the one repair the failed check asked for (7 rows).
  const attempts = turn.getByTestId('attempt');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAttribute('data-status', 'ok');
  await expect(attempts.nth(0).getByTestId('run-stdout')).toContainText('Regions ranked: 10');
  await expect(attempts.nth(1)).toHaveAttribute('data-status', 'ok');
  await expect(attempts.nth(1).getByTestId('attempt-change')).toContainText('Kept fewer regions');
  await expect(attempts.nth(1).getByTestId('run-stdout')).toContainText('Regions ranked: 7');

  await expect(turn.getByTestId('answer')).toContainText('R01 sold the most units');
  const checks = turn.getByTestId('answer-checks');
  await expect(checks).toHaveAttribute('data-status', 'fail');
  await expect(checks).toContainText('even after one repair');
  await expect(checks.getByTestId('answer-check-failed')).toHaveCount(1);
  await expect(checks.getByTestId('answer-check-failed')).toHaveAttribute('data-check', 'row-count');
  await expect(checks.getByTestId('answer-check-failed')).toContainText('asks for 5 but the result is a list of 7 items');
  // generate + repair + answer; no call was spent on a second repair.
  await expect(turn.getByTestId('turn-metrics')).toHaveAttribute('data-llm-calls', '3');

  // The saved analysis keeps which check failed.
  await page.getByTestId('save-analysis').click();
  const shareUrl = (await page.getByTestId('share-url').textContent())?.trim() ?? '';
  const colleague = await browser.newContext();
  const shared = await colleague.newPage();
  await shared.goto(shareUrl);
  await expect(shared.getByTestId('answer-checks')).toHaveAttribute('data-status', 'fail');
  await expect(shared.getByTestId('answer-check-failed')).toHaveAttribute('data-check', 'row-count');
  await colleague.close();
});
