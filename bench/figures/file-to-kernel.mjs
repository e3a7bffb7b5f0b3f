// How fast a file reaches the kernel, for each path a dataset can take (lib/kernel/client/load-into-kernel.ts): the File
// the analyst picked in this tab (mounted as it is), a download from storage into the browser's disk cache (OPFS,
// then mounted), and a mount from that cache; then standard-library code streaming the mounted file in the kernel.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { row } from '../support/figures.mjs';

const MIB = 1024 * 1024;
const FILE_MIB = Number(process.env.BENCH_FILE_MIB ?? 300);

/** About FILE_MIB MiB of CSV (each block is just under 1 MiB of 18-byte lines); rates use the real size. */
function writeCsv(file) {
  const handle = openSync(file, 'w');
  const block = Array.from({ length: Math.floor(MIB / 18) }, (_, i) => `${String(i).padStart(9, '0')},north,${i % 10}\n`).join('');
  try {
    writeSync(handle, 'id,region,units\n');
    for (let i = 0; i < FILE_MIB; i++) writeSync(handle, block);
  } finally {
    closeSync(handle);
  }
}

async function ready(page, url) {
  await page.goto(`${url}/?bench=1`);
  await page.waitForSelector('[data-testid="kernel-status"][data-state="ready"]', { timeout: 120_000 });
}

/** Clicks "Load into Python" and resolves with the milliseconds until the row says loaded, and the /data path. */
async function loadMs(page, name) {
  const fileRow = page.locator(`[data-testid="file-row"][data-name="${name}"]`);
  const started = Date.now();
  await fileRow.getByTestId('file-load').click();
  const loaded = fileRow.getByTestId('file-loaded');
  await loaded.waitFor({ timeout: 600_000 });
  return { ms: Date.now() - started, path: await loaded.getAttribute('data-path') };
}

async function streamMs(page, dataPath) {
  return page.evaluate(async (target) => {
    const code = `size = 0\nwith open(${JSON.stringify(target)}, "rb") as handle:\n    while chunk := handle.read(16 * 1024 * 1024):\n        size += len(chunk)\nprint(size)`;
    const started = performance.now();
    const result = await window.__kernelClient.run({ code, timeoutMs: 600_000 });
    if (result.status !== 'ok') throw new Error(`streaming failed: ${result.status}`);
    return performance.now() - started;
  }, dataPath);
}

export async function measureFileToKernel({ browser, url }) {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-file-'));
  const name = `bench-${Date.now().toString(36)}.csv`;
  const file = path.join(folder, name);
  writeCsv(file);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await ready(page, url);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator(`[data-testid="file-row"][data-name="${name}"][data-status="ready"]`).waitFor({ timeout: 600_000 });
    const picked = await loadMs(page, name);
    const stream = await streamMs(page, picked.path);
    // 'frame' (read by the kernel's frame into a shared buffer) or 'workerfs' (read in the worker): InitInfo.fileReads.
    const reads = await page.getByTestId('kernel-status').getAttribute('data-file-reads');
    await ready(page, url);
    const download = await loadMs(page, name);
    await ready(page, url);
    const cached = await loadMs(page, name);
    // The file's real size: until 2026-12-03 the rates were computed from FILE_MIB over a file ~25% smaller.
    const mib = statSync(file).size / MIB;
    const rate = (ms) => mib / (ms / 1000);
    const label = `${Math.round(mib)} MiB CSV`;
    return [
      row({ name: `${label}: picked file -> mounted`, unit: 'ms', value: picked.ms, note: 'the picked File itself, no copy' }),
      row({
        name: `${label}: storage -> disk cache -> mounted`,
        unit: 'MiB/s',
        value: rate(download.ms),
        target: { at: 'value', op: '>=', limit: 100 },
        note: `${download.ms} ms`,
      }),
      row({ name: `${label}: disk cache -> mounted`, unit: 'ms', value: cached.ms }),
      row({
        name: `${label}: streamed by Python in the kernel`,
        unit: 'MiB/s',
        value: rate(stream),
        note: `16 MiB reads, ${reads === 'frame' ? "through the kernel's frame" : 'through WORKERFS'}`,
      }),
    ];
  } finally {
    await context.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
