/**
 * The kernel itself, independent of where it runs: the Web Worker entry (kernel.worker.ts) and the Node test tier
 * both drive this. It boots Pyodide, installs the Python half (workers/python/*.py), and turns one `run` into
 * validate → load packages on demand → execute → a plain-data RunResult. Values never get spliced into Python
 * source: code and configuration reach Python as function arguments.
 */
import type { PyodideAPI } from 'pyodide';

// pyodide.d.ts does not export the PyProxy class type; the kernel only needs "a Python object we can call into".
type PyProxy = { destroy(): void };

/** The Python half's API (workers/python/kernel_runner.py). Arguments and returns are str, so no proxies leak. */
interface PythonRunner extends PyProxy {
  configure(policyJson: string, limitsJson: string, dataDir: string): void;
  bind_datasets(bindingsJson: string): void;
  check_code(code: string): string;
  run_cell(code: string, onStream: (stream: string, text: string) => void): string;
  reset(): void;
}
import type {
  DatasetBinding,
  InitInfo,
  KernelLimits,
  KernelProgress,
  MountedFile,
  PackageSourceStatus,
  PrefetchOutcome,
  RunRequest,
  RunResult,
  StreamChunk,
  WorkerMountFile,
} from './kernel-protocol';
import { blankRunResult } from '@/lib/kernel/run-results';
import { parseCheckOutcome, parseRunOutcome } from './python-outcome';
import { DEFAULT_KERNEL_LIMITS } from './kernel-protocol';
import policy from './policy.json';
import { PackageSources, type NetworkGate } from './package-sources';
import { BlobMounts, type RemoteRead } from './blob-mounts';
import { CallTrampoline, type PyodideModuleFactory } from './call-trampoline';
import { DEFAULT_EXTRA_WHEELS, DEFAULT_PYTHON_WHEELS_URL, PYODIDE_BOOT_ENV } from '@/lib/core/pyodide-defaults.mjs';

export type LoadPyodide = (config: {
  indexURL: string;
  packageBaseUrl: string;
  env: Record<string, string>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  jsglobals: object;
  /** Pyodide's (underscored, experimental) option: start from this memory snapshot instead of starting Python. */
  _loadSnapshot?: Uint8Array | PromiseLike<Uint8Array>;
  /** Pyodide's option: the runtime factory (pyodide.asm.mjs's default export) instead of importing it itself. */
  createPyodideModule?: PyodideModuleFactory;
}) => Promise<PyodideAPI>;

export interface BootKernelOptions {
  loadPyodide: LoadPyodide;
  indexURL: string;
  packagesURL: string;
  /** The Python half, file name → source (bundled into the worker as text; read from disk in Node tests). */
  pythonSources: Record<string, string>;
  interruptBuffer?: Uint8Array;
  limits?: Partial<KernelLimits>;
  /** The globals Python's `js` module would see. The user's code may not import `js`, and this keeps it empty anyway. */
  jsGlobals?: object;
  onProgress?: (progress: KernelProgress) => void;
  /** PEP 503 simple index (or folder) of the extra wheels, ending in '/'. Default: PyPI's. */
  wheelsURL?: string;
  /** Import names of pure-Python packages installed from `wheelsURL` (not in Pyodide's distribution). Default: seaborn. */
  extraWheels?: string[];
  /**
   * Pyodide's memory just after Python started (lib/core/pyodide-defaults.mjs PYODIDE_BOOT_SNAPSHOT_FILE), made with the same
   * core files, environment and empty jsglobals. Default: none (Python starts from scratch).
   */
  snapshot?: Uint8Array | PromiseLike<Uint8Array> | null;
  /**
   * pyodide.asm.mjs's default export (the same module Pyodide would import from `indexURL`). With a snapshot it lets
   * the boot keep this runtime's C-call trampoline (call-trampoline.ts); without it the snapshot's choice stays.
   */
  createPyodideModule?: PyodideModuleFactory;
  /**
   * Reads of files the frame keeps (blob-reader.ts), where the kernel is cross-origin isolated. Absent: a mounted
   * File/Blob is read in this thread through WORKERFS.
   */
  readRemoteBlob?: RemoteRead;
}

const KERNEL_DIR = '/kernel';
const DATA_DIR = policy.dataDir;
const BOOT_STEPS = 3;

export class Kernel {
  readonly info: InitInfo;
  private readonly pyodide: PyodideAPI;
  private readonly runner: PythonRunner;
  private readonly packages: PackageSources;
  /** Variable → binding (with its /data path), sent whole to Python on every mount so re-mounts replace cleanly. */
  private readonly bindings = new Map<string, DatasetBinding & { path: string }>();

  /** Files mounted from a File/Blob without a copy (blob-mounts.ts). */
  private readonly blobs: BlobMounts;

  constructor(args: { pyodide: PyodideAPI; runner: PythonRunner; info: InitInfo; packages: PackageSources; readRemoteBlob?: RemoteRead }) {
    this.pyodide = args.pyodide;
    this.blobs = new BlobMounts(args.pyodide.FS, DATA_DIR, args.readRemoteBlob);
    this.runner = args.runner;
    this.info = args.info;
    this.packages = args.packages;
  }

  /** Writes (or, for a File/Blob, mounts) the files under /data (replacing files of the same name) and binds those with a binding to df1..dfN. */
  mountFiles(files: WorkerMountFile[]): MountedFile[] {
    for (const file of files) {
      if (!/^[^/\\\0]+$/.test(file.name) || file.name === '.' || file.name === '..') {
        throw new Error(`Refused to mount "${file.name}": a file name must not contain path separators.`);
      }
      if (file.binding && !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(file.binding.variable)) {
        throw new Error(`Refused to bind "${file.binding.variable}": not a Python identifier.`);
      }
    }
    const mounted = files.map((file) => {
      let path = `${DATA_DIR}/${file.name}`;
      let size: number;
      // A RemoteBlob is a file the frame keeps and serves (blob-read-protocol.ts).
      if (file.data instanceof Blob || 'remoteBlob' in file.data) {
        path = this.blobs.mount({ name: file.name, blob: file.data });
        size = file.data.size;
      } else {
        this.blobs.release({ name: file.name });
        const bytes = new Uint8Array(file.data);
        this.pyodide.FS.writeFile(path, bytes);
        size = bytes.byteLength;
      }
      if (file.binding) this.bindings.set(file.binding.variable, { ...file.binding, path });
      return { name: file.name, path, bytes: size, ...(file.binding ? { variable: file.binding.variable } : {}) };
    });
    if (files.some((file) => file.binding)) this.runner.bind_datasets(JSON.stringify([...this.bindings.values()]));
    return mounted;
  }

  async run(request: RunRequest, onStream?: (chunk: StreamChunk) => void, onProgress?: (progress: KernelProgress) => void): Promise<RunResult> {
    // The interrupt flag is reset by the page before it sends the run: resetting it here would swallow a Stop pressed
    // while this message was in flight.
    const started = performance.now();

    // What Python answers is checked where it enters TypeScript (python-outcome.ts): a malformed answer throws a
    // PythonContractError, which the page reports as a crashed run with that message.
    const check = parseCheckOutcome(String(this.runner.check_code(request.code)));
    const validateMs = performance.now() - started;
    if (!check.ok) {
      const { error } = check;
      const status = error.type === 'SyntaxError' ? 'python' : 'policy';
      return blankRunResult({ status, error, timings: { validateMs, loadPackagesMs: 0, executeMs: 0, totalMs: validateMs } });
    }

    const loadStarted = performance.now();
    const load = await this.packages.loadForRun(check.packages, onProgress);
    const loadPackagesMs = performance.now() - loadStarted;
    if (!load.ok) {
      return blankRunResult({
        status: load.status,
        error: load.error,
        timings: { validateMs, loadPackagesMs, executeMs: 0, totalMs: performance.now() - started },
      });
    }

    const emit = (stream: string, text: string) => {
      if (onStream && (stream === 'stdout' || stream === 'stderr')) onStream({ stream, text });
    };
    const { executeMs, ...rest } = parseRunOutcome(String(this.runner.run_cell(request.code, emit)));
    return {
      ...rest,
      packagesLoaded: load.loaded,
      timings: { validateMs, loadPackagesMs, executeMs, totalMs: performance.now() - started },
    };
  }

  reset(): void {
    this.runner.reset();
  }

  /** Asks the package mirror whether it answers (through the network gate: the worker is locked down by then). */
  probePackageSource(): Promise<PackageSourceStatus> {
    return this.packages.probe();
  }

  prefetch(packages: string[], onProgress?: (progress: KernelProgress) => void): Promise<PrefetchOutcome> {
    return this.packages.prefetch(packages, onProgress);
  }

  setNetworkGate(gate: NetworkGate): void {
    this.packages.networkGate = gate;
  }
}

export async function bootKernel(options: BootKernelOptions): Promise<Kernel> {
  const started = performance.now();
  const report = (step: number, message: string) => options.onProgress?.({ phase: 'boot', message, step, steps: BOOT_STEPS });
  const limits: KernelLimits = { ...DEFAULT_KERNEL_LIMITS, ...options.limits };

  report(1, 'Downloading and starting Python');
  const trampoline = new CallTrampoline();
  const pyodide = await options.loadPyodide({
    indexURL: options.indexURL,
    packageBaseUrl: options.packagesURL,
    // Agg renders figures to PNG without a DOM; the default Pyodide backend would reach for `js.document`.
    env: { ...PYODIDE_BOOT_ENV },
    // Output of the user's code is captured in Python; this only catches Pyodide's own start-up chatter.
    stdout: () => undefined,
    stderr: () => undefined,
    jsglobals: options.jsGlobals ?? {},
    ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
    ...(options.createPyodideModule ? { createPyodideModule: trampoline.wrap(options.createPyodideModule) } : {}),
  });
  if (options.snapshot) trampoline.restore();

  report(2, 'Installing the kernel');
  pyodide.FS.mkdirTree(KERNEL_DIR);
  pyodide.FS.mkdirTree(DATA_DIR);
  for (const [name, source] of Object.entries(options.pythonSources)) {
    pyodide.FS.writeFile(`${KERNEL_DIR}/${name}`, source);
  }
  protectKernelFiles(pyodide);
  const sys = pyodide.pyimport('sys') as PyProxy & { path: PyProxy & { insert: (index: number, value: string) => void } };
  sys.path.insert(0, KERNEL_DIR);
  sys.path.destroy();
  sys.destroy();
  const runner = pyodide.pyimport('kernel_runner') as PythonRunner;
  const extraWheels = (options.extraWheels ?? DEFAULT_EXTRA_WHEELS).filter((name) => /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name));
  runner.configure(JSON.stringify(policyWithWheels(extraWheels)), JSON.stringify(limits), DATA_DIR);
  if (options.interruptBuffer) pyodide.setInterruptBuffer(options.interruptBuffer);
  severJavaScriptBridge(pyodide);

  report(3, 'Ready');
  const pythonVersion = String(pyodide.runPython('import platform as _p; _p.python_version()'));
  const packages = new PackageSources({ pyodide, packagesURL: options.packagesURL, wheelsURL: options.wheelsURL ?? DEFAULT_PYTHON_WHEELS_URL, extraWheels });
  return new Kernel({
    pyodide,
    runner,
    packages,
    ...(options.readRemoteBlob ? { readRemoteBlob: options.readRemoteBlob } : {}),
    info: {
      pyodideVersion: pyodide.version,
      pythonVersion,
      bootMs: performance.now() - started,
      interruptible: Boolean(options.interruptBuffer),
      callTrampoline: trampoline.inUse(),
      fileReads: options.readRemoteBlob ? 'frame' : 'workerfs',
    },
  });
}

/** The import allowlist knows the extra wheels as packages of their own name (the check lists them for loading). */
function policyWithWheels(extraWheels: string[]): typeof policy {
  return { ...policy, packageImports: { ...policy.packageImports, ...Object.fromEntries(extraWheels.map((name) => [name, name])) } };
}

/**
 * Python loses the JavaScript bridge for good: `js` and `pyodide_js` are unregistered and dropped from sys.modules, so
 * even code that slips past the AST policy (say through `some_module.sys.modules`) finds no module to reach the
 * worker's globals. Pyodide's package loader imported what it needs at boot, so on-demand loading keeps working.
 */
const DROP_BRIDGE_MODULES = `
def _drop_bridge():
    import sys
    for name in [m for m in list(sys.modules) if m.split('.')[0] in ('js', 'pyodide_js')]:
        sys.modules.pop(name, None)
_drop_bridge()
del _drop_bridge
`;

function severJavaScriptBridge(pyodide: PyodideAPI): void {
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');
  pyodide.runPython(DROP_BRIDGE_MODULES);
}

/**
 * Pyodide-specific hardening: the kernel's own modules become read-only in Emscripten's file system (which enforces
 * mode bits for everyone), under the Python audit hook's file rule. /kernel is on sys.path, so a module written there
 * would run with the real builtins.
 */
function protectKernelFiles(pyodide: PyodideAPI): void {
  for (const name of pyodide.FS.readdir(KERNEL_DIR)) {
    if (name !== '.' && name !== '..') pyodide.FS.chmod(`${KERNEL_DIR}/${name}`, 0o444);
  }
  pyodide.FS.chmod(KERNEL_DIR, 0o555);
}
