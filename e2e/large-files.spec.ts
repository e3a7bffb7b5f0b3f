// Files larger than the kernel's memory (issue "Performance", part 3), in Debian's Chromium against the production
// build: a 2 GiB CSV the analyst picks is mounted as the picked File (no download, no copy: workers/blob-mounts.ts)
// and streamed by standard-library code while the browser's memory stays flat; after a reload (the picked File is
// forgotten) a dataset is downloaded once into the browser's disk cache (OPFS) and mounted from there.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fileRow, loadIntoPython, uniqueTag } from './support/data';
import { openWorkspace, runCode } from './support/workspace';

const MIB = 1024 * 1024;
test.describe.configure({ timeout: 600_000 });

/** Writes `mib` MiB of `id,region,units` lines; returns the path, the line count and the sum of the units. */
function writeCsv({ folder, name, mib }: { folder: string; name: string; mib: number }): { file: string; rows: number; units: number } {
  const file = path.join(folder, name);
  const line = (index: number) => `${String(index).padStart(9, '0')},region-${String(index % 7)},${String(index % 10)}\n`;
  const perChunk = Math.floor(MIB / line(0).length);
  const handle = openSync(file, 'w');
  let rows = 0;
  let units = 0;
  try {
    writeSync(handle, 'id,region,units\n');
    for (let chunk = 0; chunk < mib; chunk += 1) {
      let text = '';
      for (let i = 0; i < perChunk; i += 1, rows += 1) {
        text += line(rows);
        units += rows % 10;
      }
      writeSync(handle, text);
    }
  } finally {
    closeSync(handle);
  }
  return { file, rows, units };
}

/**
 * Resident memory of every Chromium process this test worker started (the browser, the tab's renderer, the kernel
 * frame's and its worker's), in MiB: the test worker launches the browser, so they are its descendants.
 */
function browserRssMib(): number {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' }).trim().split('\n').map((line) => {
    const [pid, ppid, rss, ...command] = line.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), command: command.join(' ') };
  });
  const tree = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of table) {
      if (tree.has(entry.ppid) && !tree.has(entry.pid)) {
        tree.add(entry.pid);
        grew = true;
      }
    }
  }
  const chromium = table.filter((entry) => tree.has(entry.pid) && /chrom/i.test(entry.command));
  if (chromium.length === 0) throw new Error('no Chromium process under this test worker');
  return chromium.reduce((sum, entry) => sum + entry.rss, 0) / 1024;
}

/** Standard-library code that streams the file in 16 MiB reads: lines and the sum of the last column. */
function streamingCode(dataPath: string): string {
  return [
    'lines = 0',
    'units = 0',
    'rest = b""',
    `with open(${JSON.stringify(dataPath)}, "rb") as handle:`,
    '    handle.readline()',
    '    while chunk := handle.read(16 * 1024 * 1024):',
    '        block = rest + chunk',
    '        cut = block.rfind(b"\\n") + 1',
    '        rest = block[cut:]',
    '        for row in block[:cut].splitlines():',
    '            units += row[-1] - 48',
    '        lines += block.count(b"\\n", 0, cut)',
    'print("lines", lines, "units", units)',
  ].join('\n');
}

async function pick(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
}

test('a 2 GiB CSV the analyst picks is mounted as it is and streamed, with the browser memory flat', async ({ page }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'large-files-'));
  try {
    const name = `big-${uniqueTag()}.csv`;
    const big = writeCsv({ folder, name, mib: 2048 });
    await openWorkspace(page);
    await pick(page, big.file);
    const row = fileRow(page, name);
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 300_000 });

    const before = browserRssMib();
    const started = Date.now();
    const { path: dataPath } = await loadIntoPython(row);
    const mountMs = Date.now() - started;
    await runCode(page, streamingCode(dataPath), 'ok', { timeout: 300_000 });
    await expect(page.getByTestId('run-stdout')).toHaveText(`lines ${String(big.rows)} units ${String(big.units)}`);
    const after = browserRssMib();
    console.log(`2 GiB picked file: mounted in ${String(mountMs)} ms; browser RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`);
    // Copying the file into the page or the kernel would add 2048 MiB at least; streaming adds a few read buffers.
    expect(after - before).toBeLessThan(400);
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
    const before = browserRssMib();
    let started = Date.now();
    const { path: dataPath } = await loadIntoPython(fileRow(page, name));
    const downloadMs = Date.now() - started;
    await runCode(page, streamingCode(dataPath), 'ok', { timeout: 300_000 });
    await expect(page.getByTestId('run-stdout')).toHaveText(`lines ${String(mid.rows)} units ${String(mid.units)}`);
    const after = browserRssMib();
    console.log(`300 MiB from storage into the disk cache: ${String(downloadMs)} ms (${(300 / (downloadMs / 1000)).toFixed(0)} MiB/s); browser RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`);
    expect(after - before).toBeLessThan(300);
    const cached = await page.evaluate(async (id) => {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle('ask-your-data-datasets');
      return (await (await folder.getFileHandle(id)).getFile()).size;
    }, (await fileRow(page, name).getAttribute('data-id')) ?? '');
    expect(cached).toBe(statSync(mid.file).size);

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
