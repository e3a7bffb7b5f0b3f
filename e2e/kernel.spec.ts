// Tier 4 for the kernel: the workspace shell in Debian's Chromium against a production build.
import { expect, test } from '@playwright/test';
import { openWorkspace, runCode, setCode } from './support/workspace';

test.describe('Python kernel in the browser', () => {
  test('boots, prints, computes with the standard library and keeps state', async ({ page }) => {
    await openWorkspace(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    await runCode(page, 'print("hello from Pyodide")', 'ok');
    await expect(page.getByTestId('run-stdout')).toHaveText('hello from Pyodide');

    await runCode(page, 'import statistics\ndata = [2, 4, 4, 4, 5, 5, 7, 9]\nstatistics.pstdev(data)', 'ok');
    await expect(page.getByTestId('run-result')).toContainText('2');
    await expect(page.getByTestId('run-result')).toContainText('float');

    await runCode(page, 'result = {"n": len(data), "max": max(data)}', 'ok');
    // A dict result is a key → value table.
    await expect(page.getByTestId('run-result').getByRole('row', { name: 'max 9' })).toBeVisible();
  });

  test('runs with Ctrl/Cmd+Enter and shows the error line', async ({ page }) => {
    await openWorkspace(page);
    await setCode(page, 'x = 1\ny = x / 0');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'python');
    await expect(page.getByTestId('run-error')).toContainText('ZeroDivisionError');
    await expect(page.getByTestId('run-error-line')).toHaveText(' (line 2)');
  });

  test('refuses a forbidden import with a message naming it and what is allowed', async ({ page }) => {
    await openWorkspace(page);
    await runCode(page, 'import os\nprint(os.listdir("/"))', 'policy');
    const error = page.getByTestId('run-error');
    await expect(error).toContainText('os');
    await expect(error).toContainText('pandas');
    await expect(page.getByTestId('run-stdout')).toHaveCount(0);
  });

  test('Stop interrupts a runaway loop; the kernel keeps its variables', async ({ page }) => {
    await openWorkspace(page);
    await runCode(page, 'kept = 41', 'ok');
    await setCode(page, 'n = 0\nwhile True:\n    n += 1');
    await page.getByTestId('run-code').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
    await page.waitForTimeout(500);
    await page.getByTestId('stop-run').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted', { timeout: 5_000 });
    await runCode(page, 'result = kept + 1', 'ok');
    await expect(page.getByTestId('run-result')).toContainText('42');
  });

  test('a run past its time limit is stopped as a timeout', async ({ page }) => {
    await openWorkspace(page);
    await page.getByTestId('time-limit').fill('2');
    const started = Date.now();
    await runCode(page, 'while True:\n    pass', 'timeout', { timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(page.getByTestId('run-error')).toContainText(/time limit/i);
    await runCode(page, 'print("after timeout")', 'ok');
  });

  test('code that swallows KeyboardInterrupt is killed, and the standby takes over', async ({ page }) => {
    await openWorkspace(page);
    await runCode(page, 'lost = 1', 'ok');
    await setCode(page, 'while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass');
    await page.getByTestId('run-code').click();
    await page.waitForTimeout(500);
    await page.getByTestId('stop-run').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted', { timeout: 10_000 });
    await expect(page.getByTestId('run-error')).toContainText(/variables/i);
    await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await runCode(page, 'print("fresh kernel")\nresult = "lost" in dir()', 'ok');
    await expect(page.getByTestId('run-stdout')).toHaveText('fresh kernel');
    await expect(page.getByTestId('run-result')).toContainText('False');
  });

  test('without cross-origin isolation, Stop kills the worker and the next run works', async ({ page }) => {
    // As in a kernel frame that is not cross-origin isolated: no SharedArrayBuffer, so no interrupt flag. Init
    // scripts run in every frame, the kernel's sandboxed one included.
    await page.addInitScript(() => {
      Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    });
    await openWorkspace(page);
    await expect(page.getByTestId('kernel-status')).toContainText('not cross-origin isolated');
    await setCode(page, 'while True:\n    pass');
    await page.getByTestId('run-code').click();
    await page.waitForTimeout(300);
    await page.getByTestId('stop-run').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'interrupted', { timeout: 5_000 });
    await runCode(page, 'print(sum(range(10)))', 'ok', { timeout: 30_000 });
    await expect(page.getByTestId('run-stdout')).toHaveText('45');
  });

  test('Reset kernel recycles it: the frame that ran the code is gone, with its variables', async ({ page }) => {
    await openWorkspace(page);
    await runCode(page, 'secret = 7', 'ok');
    // The primary's frame is the first one created; the standby's comes after it.
    const frames = page.getByTestId('kernel-frame');
    await expect(frames).toHaveCount(2);
    await frames.first().evaluate((element) => element.setAttribute('data-ran-code', 'yes'));
    await page.getByTestId('reset-kernel').click();
    await expect(page.getByTestId('run-notice')).toContainText('reset');
    await expect(page.locator('[data-ran-code]')).toHaveCount(0);
    await expect(frames).toHaveCount(2);
    await runCode(page, 'secret', 'python');
    await expect(page.getByTestId('run-error')).toContainText('NameError');
  });
});

test('the kernel runs in an opaque-origin frame under its own CSP, with no network, storage or eval', async ({ page, request }) => {
  const response = await request.get('/kernel/frame');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain('sandbox allow-scripts');
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'|allow-same-origin/);
  // The kernel can reach Pyodide's folder and the package mirror, never the app's routes.
  const connect = csp.split(';').find((directive) => directive.trim().startsWith('connect-src')) ?? '';
  expect(connect).toMatch(/\/pyodide\/ /);
  expect(connect).not.toMatch(/'self'|\/api\//);
  expect(response.headers()['cross-origin-embedder-policy']).toBe('require-corp');

  await openWorkspace(page);
  const frame = page.getByTestId('kernel-frame').first();
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts');
  // The page itself stays cross-origin isolated, and cannot see into the frame (another origin).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await frame.evaluate((element: HTMLIFrameElement) => element.contentDocument === null)).toBe(true);
  // Measured inside the worker after its lockdown (a DevTools-protocol evaluation would bypass the frame's CSP).
  const status = page.getByTestId('kernel-status');
  await expect(status).toHaveAttribute('data-eval-blocked', 'true');
  const removed = (await status.getAttribute('data-removed-globals'))?.split(' ') ?? [];
  // importScripts is already gone: the frame deletes it before the worker's code loads (Pyodide probes it).
  expect(removed).toEqual(expect.arrayContaining(['fetch', 'XMLHttpRequest', 'WebSocket', 'indexedDB']));
  // Still fully working after the lockdown.
  await runCode(page, 'import json\nprint(json.dumps({"ok": True}))', 'ok');
  await expect(page.getByTestId('run-stdout')).toHaveText('{"ok": true}');
});

test('a kernel booted from the boot snapshot calls C through the wasm trampoline, as one that started Python itself', async ({ page }) => {
  // The snapshot is made in Node, which has no wasm-gc: without the boot's fix-up (workers/call-trampoline.ts) the
  // kernel kept Node's JavaScript fallback, about a third slower per run.
  const snapshot = page.waitForResponse((response) => response.url().endsWith('/pyodide/boot-snapshot.bin.gz'));
  await openWorkspace(page);
  expect((await snapshot).status()).toBe(200);
  const status = page.getByTestId('kernel-status');
  await expect(status).toHaveAttribute('data-call-trampoline', 'wasm');

  // Without the snapshot Python starts itself and makes the same choice.
  await page.context().route('**/pyodide/boot-snapshot.bin.gz', (route) => route.fulfill({ status: 404, body: '' }));
  await openWorkspace(page);
  await expect(status).toHaveAttribute('data-call-trampoline', 'wasm');
  await runCode(page, 'print(sum(range(5)))', 'ok');
  await expect(page.getByTestId('run-stdout')).toHaveText('10');
});

test('says before the first question that the data libraries cannot be downloaded, once, with the operator hint apart', async ({ page }) => {
  // The e2e server's PYODIDE_PACKAGES_URL is a loopback port that refuses (playwright.config.ts).
  await openWorkspace(page);
  const packages = page.getByTestId('kernel-packages');
  await expect(packages).toHaveAttribute('data-reachable', 'false');
  await expect(packages).toContainText('Plain Python only: pandas and the other data libraries cannot be downloaded.');
  await expect(packages.locator('details')).not.toHaveAttribute('open', '');
  await packages.getByText('For the operator').click();
  await expect(packages).toContainText('PYODIDE_PACKAGES_URL');
  await expect(packages).toContainText('127.0.0.1:9/pyodide-mirror/pyodide-lock.json');
  // Standard-library Python still runs.
  await runCode(page, 'print(sum(range(5)))', 'ok');
  await expect(page.getByTestId('run-stdout')).toHaveText('10');
});
