// Tier 4: the guardrail red-team corpus (e2e/redteam/*.json) in Debian's Chromium against the production build,
// through the workspace editor, with the counts printed. The wall (the sandboxed frame) is tested on its own; this
// is the guardrail layer the analyst meets: every hostile program refused or contained, ordinary code untouched.
import { expect, test, type Page } from '@playwright/test';
import { loadIntoPython, uploadReady, uniqueTag } from './support/data';
import { openWorkspace, setCode } from './support/workspace';
import { classifyRun, formatTable, guardrailPrograms, summarize, type CorpusRow, type ObservedRun } from './redteam/guardrail-programs';
import { ordinaryFiles, ordinaryPrograms } from './redteam/ordinary-programs';

const SETTLED = /^(ok|policy|python|timeout|interrupted|crashed|load)$/;

/** Runs `code` and reads the settled run; the previous result is marked stale first so it cannot be read again. */
async function observeRun(page: Page, code: string): Promise<ObservedRun> {
  await page.evaluate(() => document.querySelectorAll('[data-testid="run-status"]').forEach((el) => el.setAttribute('data-stale', '1')));
  await setCode(page, code);
  await page.getByTestId('run-code').click();
  const status = page.locator('[data-testid="run-status"]:not([data-stale])');
  await expect(status).toHaveAttribute('data-status', SETTLED, { timeout: 60_000 });
  const stdout = page.getByTestId('run-stdout');
  const error = page.getByTestId('run-error');
  return {
    status: (await status.getAttribute('data-status')) ?? '',
    stdout: (await stdout.count()) ? await stdout.innerText() : '',
    errorText: (await error.count()) ? await error.innerText() : '',
  };
}

test.describe('guardrail red-team corpus in the browser', () => {
  test.describe.configure({ timeout: 900_000 });

  test('refuses or contains every hostile program; ordinary programs run', async ({ page }) => {
    await openWorkspace(page);
    // The ordinary corpus reads its files from /data: upload them, and point the code at the paths the page reports.
    const paths = new Map<string, string>();
    for (const [name, text] of Object.entries(ordinaryFiles)) {
      const uploaded = `${name.replace(/\.csv$/, '')}-${uniqueTag()}.csv`;
      const { path } = await loadIntoPython(await uploadReady(page, uploaded, text));
      paths.set(`/data/${name}`, path);
    }
    const withPaths = (code: string) => [...paths].reduce((text, [from, to]) => text.replaceAll(from, to), code);

    const rows: CorpusRow[] = [];
    for (const program of guardrailPrograms) {
      const run = await observeRun(page, program.code);
      rows.push({
        id: program.id,
        technique: program.technique,
        expect: program.expect,
        outcome: classifyRun(run),
        status: run.status,
        detail: (run.errorText || run.stdout).slice(0, 160),
      });
    }
    const falsePositives: string[] = [];
    for (const program of ordinaryPrograms) {
      const run = await observeRun(page, withPaths(program.code));
      if (run.status !== 'ok') falsePositives.push(`${program.id}: ${run.errorText.slice(0, 160)}`);
    }
    console.log(formatTable('Chromium (production build)', rows, { total: ordinaryPrograms.length, falsePositives }));
    const { counts, mismatches } = summarize(rows);
    expect(counts.escaped).toBe(0);
    expect(counts.unclear).toBe(0);
    expect(mismatches.map((row) => row.id)).toEqual([]);
    expect(falsePositives).toEqual([]);
  });
});
