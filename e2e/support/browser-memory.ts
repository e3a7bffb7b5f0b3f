// Resident memory of the Chromium this Playwright worker launched, read from the process table (the kernel's worker
// runs in a renderer process, so its WebAssembly heap is counted with the page's). Used by the large-file specs to
// show that a file larger than memory streams through the tab without a copy.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BrowserRss {
  /** Every Chromium process started under this test worker, MiB. */
  all: number;
  /** The renderer processes only (the tab, the kernel's frame and its worker), MiB. */
  renderers: number;
  /**
   * Of `all`, by kind (/proc/<pid>/status): anonymous memory (JS and WebAssembly heaps, array buffers: where a copy
   * of a file would live), file-backed pages (a file read through a mapping, reclaimable), shared memory (Chromium's
   * IPC buffers). MiB.
   */
  anon: number;
  file: number;
  shmem: number;
}

function statusKib(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process ended between the listing and the read
  }
}

/**
 * Resident memory, in MiB, of the Chromium processes this test worker started (it launches the browser, so they are
 * its descendants): `all` of them, and the `renderers` alone.
 */
function browserRssMib(): BrowserRss {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [pid, ppid, rss, ...command] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), command: command.join(' ') };
    });
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
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
  const sum = (entries: typeof chromium) => entries.reduce((total, entry) => total + entry.rss, 0) / 1024;
  const kind = (field: string) => chromium.reduce((total, entry) => total + statusKib(entry.pid, field), 0) / 1024;
  return {
    all: sum(chromium),
    renderers: sum(chromium.filter((entry) => entry.command.includes('--type=renderer'))),
    anon: kind('RssAnon'),
    file: kind('RssFile'),
    shmem: kind('RssShmem'),
  };
}

export interface MemoryWatch {
  before: BrowserRss;
  /** The highest reading while the work ran (each field on its own). */
  peak: BrowserRss;
  samples: number;
}

/** Runs `work`, reading the browser's memory every `everyMs` until it settles; the peak is what a copy would show. */
export async function watchBrowserMemory<T>(work: () => Promise<T>, { everyMs = 200 }: { everyMs?: number } = {}): Promise<{ result: T; memory: MemoryWatch }> {
  const before = browserRssMib();
  const peak = { ...before };
  let samples = 0;
  const sample = () => {
    const now = browserRssMib();
    peak.all = Math.max(peak.all, now.all);
    peak.renderers = Math.max(peak.renderers, now.renderers);
    peak.anon = Math.max(peak.anon, now.anon);
    peak.file = Math.max(peak.file, now.file);
    peak.shmem = Math.max(peak.shmem, now.shmem);
    samples += 1;
  };
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work();
    sample();
    return { result, memory: { before, peak, samples } };
  } finally {
    clearInterval(timer);
  }
}

export function describeGrowth(label: string, { before, peak, samples }: MemoryWatch): string {
  const growth = (key: keyof BrowserRss) => `${before[key].toFixed(0)} → peak ${peak[key].toFixed(0)} MiB (+${(peak[key] - before[key]).toFixed(0)})`;
  return `${label}: Chromium RSS ${growth('all')} [anonymous ${growth('anon')}, file-backed ${growth('file')}, shared ${growth('shmem')}], renderers ${growth('renderers')}, ${String(samples)} samples`;
}
