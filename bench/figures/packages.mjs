// Package loading from a loopback wheel mirror: a real pure-Python wheel that Pyodide does not ship (fastjsonschema,
// built from the twin's installed files) is served by a PEP 503 index on loopback; the figure is the first
// `import` in a fresh kernel — index page, wheel download, sha256 check, unpack, import — with a cold HTTP cache (a
// new browser context) and a warm one (a reload). Pyodide's own packages (numpy, pandas) need a mirror of Pyodide's
// release, which this machine cannot download, so they are not measured here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { row } from '../support/figures.mjs';

export const BENCH_WHEEL = 'fastjsonschema';

/** Zips the twin's installed package and its dist-info into `<name>-<version>-py3-none-any.whl`. */
function buildWheel() {
  const twin = spawnSync('scripts/browser-runtime/twin-dir.sh', { encoding: 'utf8' }).stdout.trim();
  const site = path.join(twin, 'usr/lib/python3/dist-packages');
  const out = mkdtempSync(path.join(tmpdir(), 'bench-wheel-'));
  const script = [
    'import glob, os, sys, zipfile',
    'site, out, name = sys.argv[1:4]',
    "info = glob.glob(os.path.join(site, name + '-*.dist-info'))[0]",
    "version = os.path.basename(info)[len(name) + 1:-len('.dist-info')]",
    "wheel = os.path.join(out, f'{name}-{version}-py3-none-any.whl')",
    "with zipfile.ZipFile(wheel, 'w', zipfile.ZIP_DEFLATED) as z:",
    '    for folder in (os.path.join(site, name), info):',
    '        for base, dirs, files in os.walk(folder):',
    "            dirs[:] = [d for d in dirs if d != '__pycache__']",
    '            for f in files:',
    '                full = os.path.join(base, f)',
    '                z.write(full, os.path.relpath(full, site))',
    "    if not os.path.exists(os.path.join(info, 'WHEEL')):",
    "        z.writestr(os.path.relpath(info, site) + '/WHEEL', 'Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')",
    'print(wheel)',
  ].join('\n');
  const built = spawnSync('python3', ['-c', script, site, out, BENCH_WHEEL], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the bench wheel failed: ${built.stderr}`);
  return built.stdout.trim();
}

/** Serves the wheel under a PEP 503 index on a free loopback port; returns its `/simple/` URL. */
export async function startWheelIndex() {
  const file = buildWheel();
  const name = path.basename(file);
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const server = http.createServer((request, response) => {
    const cors = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=3600' };
    if (request.url === `/files/${name}`) return void response.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' }).end(bytes);
    if (request.url === `/simple/${BENCH_WHEEL}/`) {
      return void response
        .writeHead(200, { ...cors, 'content-type': 'text/html' })
        .end(`<!DOCTYPE html><html><body><a href="/files/${name}#sha256=${sha256}">${name}</a></body></html>`);
    }
    response.writeHead(404, cors).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/simple/`, kib: bytes.length / 1024, close: () => server.close() };
}

async function firstImport(page) {
  await page.waitForSelector('[data-testid="kernel-status"][data-state="ready"]', { timeout: 120_000 });
  await page.waitForFunction(() => Boolean(window.__kernelClient));
  return page.evaluate(async (name) => {
    const started = performance.now();
    const result = await window.__kernelClient.run({ code: `import ${name}\nprint(${name}.VERSION)` });
    if (result.status !== 'ok') throw new Error(`import ${name}: ${result.status} ${JSON.stringify(result.error)}`);
    return performance.now() - started;
  }, BENCH_WHEEL);
}

export async function measurePackages({ browser, url, wheelKib, runs = 3 }) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/?bench=1`);
    cold.push(await firstImport(page));
    await page.reload();
    warm.push(await firstImport(page));
    await context.close();
  }
  const label = `first import of an extra wheel (${BENCH_WHEEL}, ${Math.round(wheelKib)} KiB)`;
  return [row({ name: `${label}, cold cache`, unit: 'ms', samples: cold }), row({ name: `${label}, warm cache`, unit: 'ms', samples: warm })];
}
