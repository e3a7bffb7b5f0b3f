// Files larger than the kernel's memory (issue "Performance", part 3), in Debian's Chromium against the production
// build: a 2 GiB CSV the analyst picks is mounted as the picked File (no download, no copy: workers/blob-mounts.ts)
// and streamed by standard-library code while the browser's memory, read every 200 ms, stays flat (within
// STREAM_BOUND_MIB); after a reload (the picked File is forgotten) a dataset is downloaded once into the browser's disk cache (OPFS)
// by the download worker, mounted from there and streamed.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { describeGrowth, watchBrowserMemory } from './support/browser-memory';
import { fileRow, loadIntoPython, uniqueTag } from './support/data';
import { openWorkspace, runCode } from './support/workspace';

const MIB = 1024 * 1024;
/**
 * How much the browser's resident memory may grow while the 2 GiB file streams through it. A copy of the file anywhere
 * in the browser would add its 2048 MiB (and cannot fit the kernel's 32-bit heap at all). The kernel's frame reads each
 * piece into one reused buffer and hands it over through a SharedArrayBuffer (workers/blob-read-protocol.ts): +53 and
 * +61 MiB here on 2026-12-03, whatever the file's size. Reading in the worker itself (WORKERFS, a fresh ArrayBuffer per
 * piece that V8 collects only at its external-memory limit, as the worker runs Python without yielding) grew it by
 * +976 and +845 MiB that day (+1.16–1.22 GiB before): this bound fails that design.
 */
const STREAM_BOUND_MIB = 256;
test.describe.configure({ timeout: 600_000 });

/** Writes `mib` MiB of `id,region,units` lines after a header; returns the path, its lines and its bytes. */
function writeCsv({ folder, name, mib }: { folder: string; name: string; mib: number }): { file: string; lines: number; bytes: number } {
  const file = path.join(folder, name);
  const line = (index: number) => `${String(index).padStart(9, '0')},region-${String(index % 7)},${String(index % 10)}\n`;
  const perChunk = Math.floor(MIB / line(0).length);
  const handle = openSync(file, 'w');
  let rows = 0;
  try {
    writeSync(handle, 'id,region,units\n');
    for (let chunk = 0; chunk < mib; chunk += 1) {
      let text = '';
      for (let i = 0; i < perChunk; i += 1, rows += 1) {
        text += line(rows);
      }
      writeSync(handle, text);
    }
  } finally {
    closeSync(handle);
  }
  return { file, lines: rows + 1, bytes: statSync(file).size };
}

/** Standard-library code that streams the file in 16 MiB reads and counts its lines and bytes. */
function streamingCode(dataPath: string): string {
  return [
    'lines = 0',
    'size = 0',
    `with open(${JSON.stringify(dataPath)}, "rb") as handle:`,
    '    while chunk := handle.read(16 * 1024 * 1024):',
    '        lines += chunk.count(b"\\n")',
    '        size += len(chunk)',
    'print("lines", lines, "bytes", size)',
  ].join('\n');
}

async function pick(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
}

test('a 2 GiB CSV the analyst picks is mounted as it is and streamed, without a copy in the browser', async ({ page }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'large-files-'));
  try {
    const name = `big-${uniqueTag()}.csv`;
    const big = writeCsv({ folder, name, mib: 2048 });
    await openWorkspace(page);
    await pick(page, big.file);
    const row = fileRow(page, name);
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 300_000 });

    const started = Date.now();
    const { path: dataPath } = await loadIntoPython(row);
    const mountMs = Date.now() - started;
    const { memory } = await watchBrowserMemory(async () => {
      await runCode(page, streamingCode(dataPath), 'ok', { timeout: 300_000 });
      await expect(page.getByTestId('run-stdout')).toHaveText(`lines ${String(big.lines)} bytes ${String(big.bytes)}`);
    });
    console.log(`2 GiB picked file: mounted in ${String(mountMs)} ms; ${describeGrowth('streaming it', memory)}`);
    expect(memory.samples).toBeGreaterThan(5);
    expect(memory.peak.all - memory.before.all).toBeLessThan(STREAM_BOUND_MIB);
    // The frame served the reads (where it cannot, the kernel falls back to WORKERFS and says so).
    await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-file-reads', 'frame');
    // Mounting is a reference to the picked File: no download, no copy.
    expect(mountMs).toBeLessThan(5000);
    // 2 GiB of test data should not outlive the test.
    await row.getByTestId('file-delete').click();
    await row.getByTestId('file-delete-confirm').click();
    await expect(row).toHaveCount(0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('after a reload a dataset is downloaded once into the disk cache and mounted from it', async ({ page }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'large-files-'));
  try {
    const name = `mid-${uniqueTag()}.csv`;
    const mid = writeCsv({ folder, name, mib: 300 });
    await openWorkspace(page);
    await pick(page, mid.file);
    await expect(fileRow(page, name)).toHaveAttribute('data-status', 'ready', { timeout: 300_000 });
    // A reload forgets the picked File: the dataset now comes from storage.
    await openWorkspace(page);
    let started = Date.now();
    const download = await watchBrowserMemory(() => loadIntoPython(fileRow(page, name)));
    const downloadMs = Date.now() - started;
    const dataPath = download.result.path;
    const stream = await watchBrowserMemory(async () => {
      await runCode(page, streamingCode(dataPath), 'ok', { timeout: 300_000 });
      await expect(page.getByTestId('run-stdout')).toHaveText(`lines ${String(mid.lines)} bytes ${String(mid.bytes)}`);
    });
    const mib = mid.bytes / MIB;
    console.log(
      `${mib.toFixed(0)} MiB from storage into the disk cache: ${String(downloadMs)} ms (${(mib / (downloadMs / 1000)).toFixed(0)} MiB/s); ${describeGrowth('downloading', download.memory)}; ${describeGrowth('streaming', stream.memory)}`,
    );
    // Logged, not asserted: the download worker writes each range straight to disk, but the network service's and the
    // worker's buffers are reclaimed at the collector's pace (+~700 MiB peak for this 300 MiB file here); streaming it
    // adds ~+50 MiB (see STREAM_BOUND_MIB).
    const cached = await page.evaluate(
      async (id) => {
        const root = await navigator.storage.getDirectory();
        const folder = await root.getDirectoryHandle('ask-your-data-datasets');
        return (await (await folder.getFileHandle(id)).getFile()).size;
      },
      (await fileRow(page, name).getAttribute('data-id')) ?? '',
    );
    expect(cached).toBe(mid.bytes);

    // Another reload: the cached copy is mounted, nothing is downloaded.
    await openWorkspace(page);
    const downloads: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/storage|\/objects\//.test(request.url()) && request.method() === 'GET') downloads.push(request.url());
    });
    started = Date.now();
    await loadIntoPython(fileRow(page, name));
    console.log(`300 MiB from the disk cache: mounted in ${String(Date.now() - started)} ms`);
    expect(downloads).toEqual([]);
    await fileRow(page, name).getByTestId('file-delete').click();
    await fileRow(page, name).getByTestId('file-delete-confirm').click();
    await expect(fileRow(page, name)).toHaveCount(0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
