/**
 * TEST ONLY — the kernel as an attacker who has already escaped Python would have it. Same runtime (Pyodide 314 from
 * the app's /pyodide/), same contract (comlink KernelApi, so the real frame drives it), but with every layer in front
 * of the wall switched off: no AST policy, no restricted builtins, no import guard or audit hooks, no worker lockdown,
 * and Python's `js` module is the worker's real global scope. Code runs with top-level await, so hostile programs can
 * `await js.fetch(...)` directly.
 *
 * It is never part of the app: scripts/prepare-assets.mjs builds only workers/kernel.worker.ts and
 * workers/kernel-frame.ts, and e2e/redteam-wall.spec.ts checks that nothing under public/ or .next/ contains this
 * file's marker. The spec builds it into a temporary folder and serves it in place of /kernel/kernel.worker.mjs with
 * Playwright's request interception — the only way to put it into the frame, and one no deployment has.
 */
import { expose } from 'comlink';
import { mountDataBytes, type InitInfo, type KernelApi, type RunResult } from '@/workers/kernel-protocol';
import { ESCAPED_KERNEL_MARKER } from './escaped-kernel-marker';

interface EscapedPyodide {
  version: string;
  runPythonAsync(code: string): Promise<unknown>;
  setStdout(options: { batched: (text: string) => void }): void;
  setStderr(options: { batched: (text: string) => void }): void;
  setInterruptBuffer(buffer: Uint8Array): void;
  globals: { set(name: string, value: unknown): void };
}

type LoadPyodide = (config: { indexURL: string; jsglobals: object }) => Promise<EscapedPyodide>;

let pyodide: EscapedPyodide | null = null;
/** The ids the frame serves mounted files under, as the frame sent them. */
const servedMounts: number[] = [];

function blank(status: RunResult['status'], stdout: string, stderr: string, executeMs: number): RunResult {
  return {
    status,
    stdout,
    stderr,
    stdoutTruncated: false,
    stderrTruncated: false,
    figures: [],
    figuresDropped: 0,
    result: null,
    error: status === 'ok' ? null : { type: 'EscapedError', message: stderr.slice(-2000), line: null, traceback: '' },
    timings: { validateMs: 0, loadPackagesMs: 0, executeMs, totalMs: executeMs },
    packagesLoaded: [],
  };
}

const api: KernelApi = {
  async init(options, onProgress): Promise<InitInfo> {
    const started = performance.now();
    onProgress({ phase: 'boot', message: `Starting the escaped test kernel (${ESCAPED_KERNEL_MARKER})`, step: 1, steps: 1 });
    const module = (await import(/* webpackIgnore: true */ `${options.indexURL}pyodide.mjs`)) as { loadPyodide: LoadPyodide };
    pyodide = await module.loadPyodide({ indexURL: options.indexURL, jsglobals: globalThis });
    if (options.interruptBuffer) pyodide.setInterruptBuffer(options.interruptBuffer);
    // Escaped code holds whatever the worker holds: the frame's blob-read channel too (e2e/redteam-blob-reads.spec.ts).
    Object.assign(globalThis, { blobReads: options.blobReads, servedMounts });
    return { pyodideVersion: pyodide.version, pythonVersion: 'escaped', bootMs: performance.now() - started, interruptible: Boolean(options.interruptBuffer) };
  },
  async mountFiles(files) {
    for (const file of files) {
      if (!(file.data instanceof ArrayBuffer) && 'remoteBlob' in file.data) servedMounts.push(file.data.remoteBlob);
    }
    return files.map((file) => ({ name: file.name, path: `/data/${file.name}`, bytes: mountDataBytes(file.data) }));
  },
  async run(request, onStream) {
    if (!pyodide) throw new Error('not booted');
    let stdout = '';
    let stderr = '';
    pyodide.setStdout({ batched: (text) => (stdout += `${text}\n`) });
    pyodide.setStderr({ batched: (text) => (stderr += `${text}\n`) });
    // Escaped code holds the page-facing callbacks too: it can stream whatever it likes, and hand back any result.
    pyodide.globals.set('stream_to_page', onStream);
    let forged: unknown;
    // Converted at once: Pyodide destroys a PyProxy argument when the call returns.
    pyodide.globals.set('forge_result', (value: { toJs?: (options: { dict_converter: typeof Object.fromEntries }) => unknown }) => {
      forged = value.toJs ? value.toJs({ dict_converter: Object.fromEntries }) : value;
    });
    const started = performance.now();
    try {
      await pyodide.runPythonAsync(request.code);
    } catch (error) {
      stderr += error instanceof Error ? error.message : String(error);
      return blank('python', stdout, stderr, performance.now() - started);
    }
    // Deliberately unchecked: this is the attacker's answer, and the page must validate it.
    if (forged !== undefined) return forged as RunResult;
    return blank('ok', stdout, stderr, performance.now() - started);
  },
  async prefetch() {
    return { loaded: [], error: null };
  },
  async reset() {
    throw new Error('the escaped test kernel is recycled, never reset');
  },
};

expose(api);
