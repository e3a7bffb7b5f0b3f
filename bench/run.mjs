// `npm run bench`: builds the app once, starts it on loopback, measures every figure, prints one table (figure,
// median, p95, target) and writes the rows as JSON under bench/results/. Not a test: targets are reported, never
// asserted. `npm run bench -- --all` also runs the older standalone benchmarks (sniffing cost, storage throughput).
//   BENCH_URL=<origin>   measure a running app (for the Ask figure, its OPENAI_COMPATIBLE_BASE_URL must be a scripted
//                        server answering bench/figures/ask-latency.mjs's rules: e2e/support/start-llm-server.mjs)
//   BENCH_LOAD_MS=10000  duration of each load run
//   BENCH_ONLY=kernel,files  measure only these groups (kernel, cpython, ask, packages, files, bundle, share)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { measureAskLatency, writeAskScript } from './figures/ask-latency.mjs';
import { measureBundle } from './figures/bundle.mjs';
import { measureCpythonProcess } from './figures/cpython-process.mjs';
import { measureFileToKernel } from './figures/file-to-kernel.mjs';
import { measureKernel } from './figures/kernel.mjs';
import { BENCH_WHEEL, measurePackages, startWheelIndex } from './figures/packages.mjs';
import { measureShareLoad } from './figures/share-load.mjs';
import { printTable } from './support/figures.mjs';
import { buildApp, startApp } from './support/app-server.mjs';
import { startLlmServer } from '../e2e/support/start-llm-server.mjs';
import { CHROMIUM_ARGS } from '../e2e/support/chromium-args.mjs';

buildApp();
const wheels = await startWheelIndex();
// The model: the app's OpenAI-compatible provider against a scripted loopback server of fixed latency.
const llm = await startLlmServer({ port: 0, scriptFile: writeAskScript() });
const app = await startApp({
  env: {
    OPENAI_COMPATIBLE_BASE_URL: llm.url,
    OPENAI_COMPATIBLE_MODEL: 'scripted',
    PYODIDE_PACKAGES_URL: 'http://127.0.0.1:9/no-mirror/',
    PYTHON_WHEELS_URL: wheels.url,
    PYTHON_EXTRA_WHEELS: BENCH_WHEEL,
  },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const rows = [];
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((group) => group.trim())) : null;
const wanted = (group) => !only || only.has(group);
try {
  if (wanted('kernel') || wanted('cpython')) {
    const kernel = await measureKernel({ browser, url: app.url });
    if (wanted('kernel')) rows.push(...kernel.rows);
    if (wanted('cpython')) rows.push(...measureCpythonProcess({ kernelWorkloadMs: kernel.workloadMs }));
  }
  if (wanted('ask')) rows.push(...(await measureAskLatency({ browser, url: app.url })));
  if (wanted('packages')) rows.push(...(await measurePackages({ browser, url: app.url, wheelKib: wheels.kib })));
  if (wanted('files')) rows.push(...(await measureFileToKernel({ browser, url: app.url })));
  if (wanted('bundle')) rows.push(...(await measureBundle({ url: app.url })));
  if (wanted('share')) rows.push(...(await measureShareLoad({ url: app.url })));
} finally {
  await browser.close();
  app.stop();
  wheels.close();
  await llm.close();
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`\nPerformance (${machine})\n`);
printTable(rows);
mkdirSync('bench/results', { recursive: true });
const file = path.join('bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, at: new Date().toISOString(), rows }, null, 2));
console.log(`\nRows: ${file}`);

if (process.argv.includes('--all')) {
  for (const script of ['bench/catalog-register.mjs', 'bench/storage-upload.mjs']) {
    console.log(`\n== ${script}`);
    const { status } = spawnSync(process.execPath, [script], { stdio: 'inherit' });
    if (status !== 0) process.exit(status ?? 1);
  }
}
