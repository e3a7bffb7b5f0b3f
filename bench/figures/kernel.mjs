// The kernel in Debian's Chromium: page load -> ready (cold cache: a new browser context; warm: a reload in the same
// context), warm run round trip, a standard-library workload in the warm kernel (compared with a fresh CPython
// process in cpython-process.mjs), interrupt latency, kill -> ready with the standby.
import { row } from '../support/figures.mjs';

/** A standard-library workload, the same text in the kernel and in a fresh CPython process. */
export const STDLIB_WORKLOAD = [
  'import json, statistics',
  'values = [i * 0.5 for i in range(20000)]',
  "summary = json.dumps({'mean': statistics.fmean(values), 'n': len(values)})",
].join('\n');

async function waitReady(page) {
  await page.waitForSelector('[data-testid="kernel-status"][data-state="ready"]', { timeout: 120_000 });
}

async function loadTimes({ browser, url, runs }) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let started = Date.now();
    await page.goto(`${url}/?bench=1`);
    await waitReady(page);
    cold.push(Date.now() - started);
    started = Date.now();
    await page.reload();
    await waitReady(page);
    warm.push(Date.now() - started);
    await context.close();
  }
  return { cold, warm };
}

export async function measureKernel({ browser, url }) {
  const { cold, warm } = await loadTimes({ browser, url, runs: 5 });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/?bench=1`);
  await waitReady(page);
  await page.waitForFunction(() => Boolean(window.__kernelClient));
  // The kill figure measures the standby path: wait for it to boot.
  await page.waitForFunction(() => window.__kernelClient.getStandbyStatus() === 'ready', null, { timeout: 120_000 });

  const timed = (code, count) =>
    page.evaluate(
      async ({ code, count }) => {
        const client = window.__kernelClient;
        for (let i = 0; i < 10; i++) await client.run({ code });
        const times = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          const result = await client.run({ code });
          if (result.status !== 'ok') throw new Error(`bench run failed: ${result.status}`);
          times.push(performance.now() - started);
        }
        return times;
      },
      { code, count },
    );
  const roundTrips = await timed('x = 1', 200);
  const workload = await timed(STDLIB_WORKLOAD, 30);

  const interrupts = [];
  for (let i = 0; i < 5; i++) {
    interrupts.push(
      await page.evaluate(async () => {
        const client = window.__kernelClient;
        const pending = client.run({ code: 'while True:\n    pass' });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = performance.now();
        client.stop();
        const result = await pending;
        if (result.status !== 'interrupted') throw new Error(`expected interrupted, got ${result.status}`);
        return performance.now() - started;
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
        const next = await client.run({ code: 'print("alive")' });
        if (next.stdout !== 'alive\n') throw new Error('the next run after a kill did not work');
        return client.getTimings().lastRecoveryMs;
      }),
    );
  }
  await context.close();

  return {
    workloadMs: workload,
    rows: [
      row({ name: 'page load -> kernel ready, cold cache', unit: 'ms', samples: cold, target: { at: 'median', op: '<=', limit: 2500 } }),
      row({ name: 'page load -> kernel ready, warm cache', unit: 'ms', samples: warm }),
      row({ name: 'warm run round trip (x = 1)', unit: 'ms', samples: roundTrips, target: { at: 'median', op: '<=', limit: 5 } }),
      row({ name: 'stdlib workload in the warm kernel', unit: 'ms', samples: workload }),
      row({ name: 'interrupt latency', unit: 'ms', samples: interrupts, target: { at: 'median', op: '<=', limit: 100 } }),
      row({ name: 'kill -> ready with the standby', unit: 'ms', samples: kills, target: { at: 'median', op: '<=', limit: 1000 } }),
    ],
  };
}
