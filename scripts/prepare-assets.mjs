// Generates what the browser needs and git does not keep:
//   public/pyodide/  the self-hosted Pyodide core, copied from node_modules/pyodide (pinned version), and the boot
//                    snapshot made from it (Pyodide's memory once Python has started);
//   public/kernel/kernel.worker.mjs  the kernel worker, built as its own ES module with the Python half inlined;
//   public/kernel/kernel-frame.mjs   the script of the kernel's opaque-origin frame (starts and relays to the worker).
//   public/datasets/disk-cache.worker.mjs  the page's download worker (storage -> the browser's disk cache); the
//                                    page CSP's worker-src names exactly this URL.
// Nothing else is built into public/kernel/: test-only kernels (e2e/redteam) are built by their specs into a
// temporary folder and never reach the app's output.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { PYODIDE_BOOT_SNAPSHOT_FILE, PYODIDE_VERSION } from '../lib/core/pyodide-defaults.mjs';
import { makeBootSnapshot } from './boot-snapshot.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pyodideDir = path.join(root, 'node_modules', 'pyodide');
const CORE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'python_stdlib.zip', 'pyodide-lock.json'];
/**
 * Stored gzipped under its own name and served with `Content-Encoding: gzip` (next.config.mjs): otherwise `next start`
 * gzips the 9.6 MB wasm again for every request without a warm cache, ~0.4–0.5 s of server CPU on the kernel's
 * critical path here. Every browser accepts gzip; the browser decodes it before compiling.
 */
const PRECOMPRESSED_WASM = 'pyodide.asm.wasm';

async function copyPyodideCore() {
  const { version } = JSON.parse(await readFile(path.join(pyodideDir, 'package.json'), 'utf8'));
  if (version !== PYODIDE_VERSION) {
    throw new Error(`node_modules/pyodide is ${version} but the app pins ${PYODIDE_VERSION}: run npm ci.`);
  }
  const target = path.join(root, 'public', 'pyodide');
  await mkdir(target, { recursive: true });
  await Promise.all(CORE_FILES.map((file) => copyFile(path.join(pyodideDir, file), path.join(target, file))));
  const wasm = await readFile(path.join(pyodideDir, PRECOMPRESSED_WASM));
  await writeFile(path.join(target, PRECOMPRESSED_WASM), gzipSync(wasm, { level: 9 }));
}

/** The boot snapshot (scripts/boot-snapshot.mjs), gzipped: the kernel restores it instead of starting Python. */
async function writeBootSnapshot() {
  const bytes = await makeBootSnapshot({ pyodideDir });
  await writeFile(path.join(root, 'public', 'pyodide', PYODIDE_BOOT_SNAPSHOT_FILE), gzipSync(bytes));
}

/** Reads every kernel .py file (not the tests) so the worker can write them into Pyodide's file system. */
export async function readPythonSources() {
  const dir = path.join(root, 'workers', 'python');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.py')).sort();
  const entries = await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')]));
  return Object.fromEntries(entries);
}

/** Both kernel scripts are standalone ES modules for the browser (never through Next's bundlers: see NOTES.md). */
const BROWSER_MODULE = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap: false, logLevel: 'warning' };

async function buildWorker() {
  const sources = await readPythonSources();
  await build({
    entryPoints: [path.join(root, 'workers', 'kernel.worker.ts')],
    outfile: path.join(root, 'public', 'kernel', 'kernel.worker.mjs'),
    ...BROWSER_MODULE,
    plugins: [
      {
        name: 'kernel-python-sources',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^kernel-python-sources$/ }, () => ({ path: 'kernel-python-sources', namespace: 'python' }));
          pluginBuild.onLoad({ filter: /.*/, namespace: 'python' }, () => ({ contents: JSON.stringify(sources), loader: 'json' }));
        },
      },
    ],
  });
}

async function buildFrameScript() {
  await build({
    entryPoints: [path.join(root, 'workers', 'kernel-frame.ts')],
    outfile: path.join(root, 'public', 'kernel', 'kernel-frame.mjs'),
    ...BROWSER_MODULE,
  });
}

/** Not a kernel script: it runs on the app's page (it needs the page's origin for the disk cache). */
async function buildDiskCacheWorker() {
  await build({
    entryPoints: [path.join(root, 'lib', 'kernel', 'client', 'disk-cache.worker.ts')],
    outfile: path.join(root, 'public', 'datasets', 'disk-cache.worker.mjs'),
    ...BROWSER_MODULE,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await Promise.all([copyPyodideCore().then(writeBootSnapshot), buildWorker(), buildFrameScript(), buildDiskCacheWorker()]);
  console.log(`prepare-assets: Pyodide ${PYODIDE_VERSION} core and kernel worker ready in ${Date.now() - started} ms`);
}
