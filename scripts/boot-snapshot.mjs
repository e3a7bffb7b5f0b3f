// Pyodide's memory right after Python has started, made in Node with the same core files, environment and (empty)
// jsglobals as the kernel's boot (workers/kernel-core.ts). scripts/prepare-assets.mjs writes it gzipped next to the
// core files; the Pyodide test tier boots a kernel from it.
import path from 'node:path';
import { PYODIDE_BOOT_ENV } from '../lib/core/pyodide-defaults.mjs';

/** @param {{ pyodideDir: string }} args the folder holding pyodide.mjs (node_modules/pyodide) */
export async function makeBootSnapshot({ pyodideDir }) {
  const { loadPyodide } = await import(path.join(pyodideDir, 'pyodide.mjs'));
  const quiet = () => undefined;
  const pyodide = await loadPyodide({
    indexURL: `${pyodideDir}/`,
    env: { ...PYODIDE_BOOT_ENV },
    jsglobals: {},
    stdout: quiet,
    stderr: quiet,
    _makeSnapshot: true,
  });
  /** @type {Uint8Array} */
  const bytes = pyodide.makeMemorySnapshot();
  return bytes;
}
