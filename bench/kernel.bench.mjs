// Kernel benchmark in Debian's Chromium (prints figures; not a timed test).
//   node bench/kernel.bench.mjs            builds and starts the app on a free port
//   BENCH_URL=http://127.0.0.1:3000 node bench/kernel.bench.mjs   uses a running app
// Targets (issue "Kernel"): warm round trip ≤ 5 ms p50, interrupt ≤ 100 ms, ready after kill ≤ 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

async function startServer() {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL, stop: () => undefined };
  const port = 3300 + Math.floor(Math.random() * 200);
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => process.kill(-server.pid) };
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the app did not start');
}

async function openReady(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${url}/?bench=1`);
  await page.waitForSelector('[data-testid="kernel-status"][data-state="ready"]', { timeout: 120_000 });
  const readyMs = Date.now() - started;
  await page.waitForFunction(() => Boolean(window.__kernelClient));
  return { context, page, readyMs };
}

const server = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const { context, readyMs } = await openReady(browser, server.url);
    loads.push(readyMs);
    await context.close();
  }

  const { page } = await openReady(browser, server.url);
  // Wait for the standby to boot so the kill figure measures the intended path.
  await page.waitForFunction(() => window.__kernelClient.getStandbyStatus() === 'ready', null, { timeout: 120_000 });

  const roundTrips = await page.evaluate(async () => {
    const client = window.__kernelClient;
    for (let i = 0; i < 20; i++) await client.run({ code: 'x = 1' });
    const times = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await client.run({ code: 'x = 1' });
      times.push(performance.now() - t0);
    }
    return times;
  });

  const interrupts = [];
  for (let i = 0; i < 5; i++) {
    interrupts.push(
      await page.evaluate(async () => {
        const client = window.__kernelClient;
        const pending = client.run({ code: 'while True:\n    pass' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const t0 = performance.now();
        client.stop();
        const result = await pending;
        if (result.status !== 'interrupted') throw new Error(`expected interrupted, got ${result.status}`);
        return performance.now() - t0;
      }),
    );
  }

  const kills = [];
  for (let i = 0; i < 3; i++) {
    await page.waitForFunction(() => window.__kernelClient.getStandbyStatus() === 'ready', null, { timeout: 120_000 });
    kills.push(
      await page.evaluate(async () => {
        const client = window.__kernelClient;
        const swallow = 'while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass';
        const pending = client.run({ code: swallow, interruptGraceMs: 200 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        client.stop();
        await pending;
        const t0 = performance.now();
        const next = await client.run({ code: 'print("alive")' });
        if (next.stdout !== 'alive\n') throw new Error('the next run after a kill did not work');
        return { recoveryMs: client.getTimings().lastRecoveryMs, nextRunMs: performance.now() - t0 };
      }),
    );
  }

  console.log('\nKernel benchmark (Chromium, this machine)');
  console.log(`page load -> kernel ready      median ${fmt(percentile(loads, 50))}  (runs: ${loads.map((ms) => fmt(ms)).join(', ')})`);
  console.log(`warm run round trip (200)      p50 ${fmt(percentile(roundTrips, 50))}  p95 ${fmt(percentile(roundTrips, 95))}   target p50 <= 5 ms`);
  console.log(`interrupt latency (5)          median ${fmt(percentile(interrupts, 50))}  max ${fmt(Math.max(...interrupts))}   target <= 100 ms`);
  console.log(
    `kill -> ready with standby (3)  median ${fmt(percentile(kills.map((k) => k.recoveryMs), 50))}; first run after kill median ${fmt(percentile(kills.map((k) => k.nextRunMs), 50))}   target <= 1000 ms`,
  );
} finally {
  await browser.close();
  server.stop();
}
