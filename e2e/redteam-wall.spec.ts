// Red team, layer 2 — the wall. The kernel here is the escaped test build (e2e/redteam/escaped-kernel.worker.ts): no
// Python policy, no guards, no worker lockdown, and `js` is the worker's real global scope. What holds must be the
// kernel's home itself: an opaque-origin frame under its own CSP, and a page that validates whatever it says.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page, type Request } from '@playwright/test';
import { ESCAPED_KERNEL_MARKER } from './redteam/escaped-kernel-marker';
import { askActionIds } from './support/actions';
import { parseWallOutcomes, WALL_ATTACKS, wallProgram, type WallOutcome } from './redteam/wall-attacks';
import { uniqueTag } from './support/data';
import { LOCAL_APP_PORT } from './support/e2e-ports';
import { buildEscapedKernel, startCanary, useEscapedKernel } from './support/escaped-kernel';
import { saveAnalysis, type TurnSpec } from './support/share';
import { openWorkspace, runCode } from './support/workspace';

const APP = `http://127.0.0.1:${LOCAL_APP_PORT}`;
const TURN: TurnSpec = {
  question: 'How many?',
  answer: 'There are 3.',
  code: 'result = 3',
  stdout: '',
  result: { kind: 'scalar', value: 3, pyType: 'int', truncated: false },
};

let escapedSource = '';
test.beforeAll(async () => {
  escapedSource = await buildEscapedKernel();
});

/** A browser with data of its own: one analysis, and the id of the deleteAnalysis server action (read off a real delete). */
async function victim(browser: Browser): Promise<{ context: BrowserContext; page: Page; analysisId: string; deleteActionId: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/analyses');
  const kept = await saveAnalysis(page, { title: `Victim's analysis ${uniqueTag()}`, turns: [TURN] });
  const throwaway = await saveAnalysis(page, { title: `Throwaway ${uniqueTag()}`, turns: [TURN] });
  await page.goto('/analyses');
  const row = page.locator(`[data-testid="analysis-row"][data-id="${throwaway.id}"]`);
  await row.getByTestId('analysis-delete').click();
  const action = page.waitForRequest((request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined);
  await row.getByTestId('analysis-delete-confirm').click();
  const deleteActionId = (await action).headers()['next-action'] ?? '';
  await expect(row).toHaveCount(0);
  return { context, page, analysisId: kept.id, deleteActionId };
}

async function expectAnalysisIntact(page: Page, id: string): Promise<void> {
  await page.goto('/analyses');
  await expect(page.locator(`[data-testid="analysis-row"][data-id="${id}"]`)).toHaveCount(1);
  expect((await page.request.get(`/a/${id}`)).status()).toBe(200);
}

/** Requests the kernel's frame and worker made: theirs go out with `Origin: null` (an opaque origin). */
function recordRequests(context: BrowserContext): Request[] {
  const requests: Request[] = [];
  context.on('request', (request) => requests.push(request));
  return requests;
}

async function kernelRequests(requests: Request[]): Promise<Array<{ url: string; cookie: string | undefined }>> {
  const seen = [];
  for (const request of requests) {
    const headers = await request.allHeaders();
    if (headers.origin === 'null') seen.push({ url: request.url(), cookie: headers.cookie });
  }
  return seen;
}

function printTable(title: string, outcomes: WallOutcome[]): void {
  const rows = outcomes.map((outcome) => `  ${outcome.outcome.padEnd(8)} ${outcome.id.padEnd(34)} ${outcome.detail.replace(/\s+/g, ' ').slice(0, 90)}`);
  console.log(`${title}\n${rows.join('\n')}`);
}

test('escaped code with JavaScript in the kernel reaches no credential, route, storage, DOM or canary', async ({ browser }) => {
  test.setTimeout(180_000);
  const canary = await startCanary();
  const { context, page, analysisId, deleteActionId } = await victim(browser);
  const served = await useEscapedKernel(context, escapedSource);
  const requests = recordRequests(context);
  await openWorkspace(page);
  expect(served()).toBeGreaterThan(0);

  const targets = {
    app: APP,
    canary: canary.origin,
    canaryWs: canary.origin.replace('http', 'ws'),
    victimId: analysisId,
    deleteActionId,
    askActionId: askActionIds().ask ?? '',
  };
  await runCode(page, wallProgram(targets), 'ok', { timeout: 90_000 });
  const outcomes = parseWallOutcomes((await page.getByTestId('run-stdout').textContent()) ?? '');
  printTable('Wall (escaped kernel, guardrail off):', outcomes);
  expect(outcomes.map((outcome) => outcome.id).sort()).toEqual(WALL_ATTACKS.map((attack) => attack.id).sort());
  const escapes = outcomes.filter((outcome) => outcome.outcome === 'reached' && !WALL_ATTACKS.find((attack) => attack.id === outcome.id)?.mayReach);

  const fromKernel = await kernelRequests(requests);
  const withCredentials = fromKernel.filter((request) => request.cookie !== undefined);
  const outsideKernelFiles = fromKernel.filter((request) => !/^\/(pyodide|kernel)\//.test(new URL(request.url).pathname));
  console.log(
    `Wall counts: ${WALL_ATTACKS.length} attacks, ${escapes.length} escaped, ${fromKernel.length} kernel requests, ` +
      `${withCredentials.length} with credentials, ${outsideKernelFiles.length} outside the kernel's files, ${canary.hits.length} canary hits`,
  );
  expect(escapes).toEqual([]);
  expect(fromKernel.length).toBeGreaterThan(2);
  expect(withCredentials).toEqual([]);
  expect(outsideKernelFiles).toEqual([]);
  expect(canary.hits).toEqual([]);

  // Nothing changed, and the page still works.
  await expectAnalysisIntact(page, analysisId);
  await openWorkspace(page);
  await runCode(page, 'print(6 * 7)', 'ok');
  await expect(page.getByTestId('run-stdout')).toHaveText('42');
  await context.close();
  await canary.close();
});

test('forged and oversized messages from the kernel are dropped, the run says so, and the page stays usable', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEscapedKernel(context, escapedSource);
  await openWorkspace(page);
  const prelude = 'import js\nfrom pyodide.ffi import to_js\ndef obj(**kw):\n    return to_js(kw, dict_converter=js.Object.fromEntries)\n';
  const forged = [
    { what: 'a 20 MB output chunk', code: 'stream_to_page(obj(stream="stdout", text="x" * 20_000_000))\nprint("after")', detail: 'output: text' },
    { what: 'output on an unknown stream', code: 'stream_to_page(obj(stream="dom", text="<img src=x>"))', detail: 'output: stream' },
    {
      what: 'eleven figures',
      code: 'forge_result(obj(status="ok", stdout="", stderr="", stdoutTruncated=False, stderrTruncated=False, figures=[obj(pngBase64="AAAA", width=1, height=1)] * 11, figuresDropped=0, result=None, error=None, timings=obj(validateMs=0, loadPackagesMs=0, executeMs=0, totalMs=0), packagesLoaded=[]))',
      detail: 'figures',
    },
    { what: 'a made-up status', code: 'forge_result(obj(status="outputs-match"))', detail: 'the run result' },
  ];
  let refused = 0;
  for (const attempt of forged) {
    await runCode(page, prelude + attempt.code, 'crashed', { timeout: 60_000 });
    await expect(page.getByTestId('run-error')).toContainText('does not fit what a kernel may send');
    await expect(page.getByTestId('run-error')).toContainText(attempt.detail);
    await expect(page.getByTestId('run-stdout')).toHaveCount(0);
    refused += 1;
  }
  console.log(`Forged messages: ${forged.length} sent, ${refused} refused, 0 accepted`);
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await runCode(page, 'print("still usable")', 'ok', { timeout: 60_000 });
  await expect(page.getByTestId('run-stdout')).toHaveText('still usable');
  await context.close();
});

test("a shared analysis with hostile code, re-run by a viewer, leaves the viewer's analyses untouched", async ({ browser }) => {
  test.setTimeout(240_000);
  const canary = await startCanary();
  const viewer = await victim(browser);
  const attackerContext = await browser.newContext();
  const attacker = await attackerContext.newPage();
  await attacker.goto('/analyses');
  const targets = {
    app: APP,
    canary: canary.origin,
    canaryWs: canary.origin.replace('http', 'ws'),
    victimId: viewer.analysisId,
    deleteActionId: viewer.deleteActionId,
    askActionId: askActionIds().ask ?? '',
  };
  const hostile = await saveAnalysis(attacker, {
    title: `Harmless-looking chart ${uniqueTag()}`,
    turns: [{ ...TURN, code: wallProgram(targets), stdout: 'nothing to see\n' }],
    allowRerun: true,
  });

  await useEscapedKernel(viewer.context, escapedSource);
  const requests = recordRequests(viewer.context);
  await viewer.page.goto(hostile.url);
  await viewer.page.getByTestId('rerun').click();
  // The code is shown first, as someone else's; it runs only on an explicit confirmation.
  await expect(viewer.page.getByTestId('rerun-foreign-warning')).toBeVisible();
  await expect(viewer.page.getByTestId('rerun-code')).toContainText('delete-by-server-action');
  await viewer.page.getByTestId('rerun-confirm').click();
  await expect(viewer.page.getByTestId('rerun-summary')).toHaveAttribute('data-outcome', /match|differs/, { timeout: 120_000 });

  const withCredentials = (await kernelRequests(requests)).filter((request) => request.cookie !== undefined);
  expect(withCredentials).toEqual([]);
  expect(canary.hits).toEqual([]);
  await expectAnalysisIntact(viewer.page, viewer.analysisId);
  await viewer.context.close();
  await attackerContext.close();
  await canary.close();
});

test('the escaped test kernel is in no build output, and nothing in the app can load it', async () => {
  const hits: string[] = [];
  const scan = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === 'cache' || name === 'node_modules') continue;
      const stat = statSync(full);
      if (stat.isDirectory()) scan(full);
      else if (stat.size < 50_000_000 && readFileSync(full).includes(ESCAPED_KERNEL_MARKER)) hits.push(full);
    }
  };
  scan('public');
  scan('.next');
  expect(hits).toEqual([]);
  // The only worker the frame starts is the fixed same-origin path; prepare-assets builds only the real entries.
  const prepare = readFileSync('scripts/prepare-assets.mjs', 'utf8');
  expect([...prepare.matchAll(/entryPoints: \[path\.join\(root, 'workers', '([^']+)'\)\]/g)].map((match) => match[1])).toEqual([
    'kernel.worker.ts',
    'kernel-frame.ts',
  ]);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the expected text is a line of source that holds a template literal
  expect(readFileSync('workers/kernel-frame.ts', 'utf8')).toContain('const WORKER_URL = `${appOrigin}/kernel/kernel.worker.mjs`;');
});
