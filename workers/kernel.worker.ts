/**
 * Worker entry: boots the kernel and exposes it with comlink. Built as its own ES module by
 * scripts/prepare-assets.mjs (Next's bundlers turn module workers into classic ones, which Pyodide refuses).
 * Pyodide itself is not bundled: it is imported at run time from the self-hosted core under `indexURL`.
 */
import { expose, releaseProxy, type Remote } from 'comlink';
import type { InitInfo, KernelApi } from './kernel-protocol';
import type { PyodideModuleFactory } from './call-trampoline';
import { bootKernel, type Kernel, type LoadPyodide } from './kernel-core';
import { lockDownGlobals } from './worker-lockdown';
import { SharedBlobReader } from './blob-reader';
import pythonSources from 'kernel-python-sources';
import { PYODIDE_BOOT_SNAPSHOT_FILE } from '@/lib/core/pyodide-defaults.mjs';

let kernel: Kernel | undefined;
let initInfo: InitInfo | undefined;

function requireKernel(): Kernel {
  if (!kernel) throw new Error('The kernel is not started yet: call init() first.');
  return kernel;
}

/** Callbacks arrive as comlink proxies, each holding a MessagePort: release them or every run leaks a channel. */
function release(...callbacks: unknown[]): void {
  for (const callback of callbacks) (callback as Partial<Remote<() => void>>)[releaseProxy]?.();
}

/** The boot snapshot's response next to the core files, or null (none built, or unreachable): then Python starts from scratch. */
async function requestBootSnapshot(indexURL: string): Promise<Response | null> {
  try {
    const response = await fetch(`${indexURL}${PYODIDE_BOOT_SNAPSHOT_FILE}`);
    return response.ok && response.body ? response : null;
  } catch {
    return null;
  }
}

/** Unpacks the gzipped snapshot as it arrives (Pyodide awaits it only once its own files are in). */
async function unpackBootSnapshot(response: Response): Promise<Uint8Array> {
  const body = response.body;
  if (!body) throw new Error('the boot snapshot has no body');
  return new Uint8Array(await new Response(body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

/** True when the worker's CSP refuses the Function constructor (the escape a JS proxy's constructor.constructor offers). */
function functionConstructorRefused(): boolean {
  try {
    new Function('return 1')();
    return false;
  } catch {
    return true;
  }
}

const api: KernelApi = {
  async init(options, onProgress) {
    try {
      if (initInfo) return initInfo;
      const indexURL = new URL(options.indexURL, self.location.href).toString();
      // Requested while pyodide.mjs loads, and read while Pyodide fetches its own files.
      const snapshotRequest = requestBootSnapshot(indexURL);
      // The runtime factory is imported here too (Pyodide would import the same module itself) so the boot can keep
      // this browser's C-call trampoline over the snapshot's (call-trampoline.ts).
      const [pyodideModule, runtimeModule] = await Promise.all([
        import(/* webpackIgnore: true */ `${indexURL}pyodide.mjs`) as Promise<{ loadPyodide: LoadPyodide }>,
        import(/* webpackIgnore: true */ `${indexURL}pyodide.asm.mjs`) as Promise<{ default: PyodideModuleFactory }>,
      ]);
      const boot = (snapshot: Promise<Uint8Array> | null) =>
        bootKernel({
          snapshot,
          loadPyodide: pyodideModule.loadPyodide,
          createPyodideModule: runtimeModule.default,
          indexURL,
          packagesURL: new URL(options.packagesURL, self.location.href).toString(),
          pythonSources,
          interruptBuffer: options.interruptBuffer,
          limits: options.limits,
          ...(options.wheelsURL ? { wheelsURL: new URL(options.wheelsURL).toString() } : {}),
          ...(options.extraWheels ? { extraWheels: options.extraWheels } : {}),
          onProgress: (progress) => void onProgress(progress),
          ...(reader ? { readRemoteBlob: (mount: number, offset: number, target: Uint8Array) => reader.read(mount, offset, target) } : {}),
        });
      // Files the frame keeps are read through it (blob-read-protocol.ts); without the channel, WORKERFS reads them here.
      const reader = options.blobReads ? new SharedBlobReader(options.blobReads) : null;
      const snapshotResponse = await snapshotRequest;
      const snapshot = snapshotResponse ? unpackBootSnapshot(snapshotResponse) : null;
      // A snapshot that does not fit this runtime (a stale build) or arrives broken costs one failed start, not the kernel.
      kernel = await boot(snapshot).catch((error: unknown) => {
        if (!snapshot) throw error;
        return boot(null);
      });
      // From here on the worker has no network or storage APIs, except fetch lent to package downloads.
      const lockdown = lockDownGlobals();
      kernel.setNetworkGate(lockdown.withNetwork);
      // Asked now, so the page can say before the first question whether pandas & co. can be downloaded at all.
      const packageSource = await kernel.probePackageSource();
      initInfo = { ...kernel.info, sandbox: { evalBlocked: functionConstructorRefused(), removedGlobals: lockdown.removed }, packageSource };
      return initInfo;
    } finally {
      release(onProgress);
    }
  },
  async mountFiles(files) {
    return requireKernel().mountFiles(files);
  },
  async run(request, onStream, onProgress) {
    try {
      return await requireKernel().run(
        request,
        (chunk) => void onStream(chunk),
        (progress) => void onProgress(progress),
      );
    } finally {
      release(onStream, onProgress);
    }
  },
  async prefetch(packages, onProgress) {
    try {
      return await requireKernel().prefetch(packages, (progress) => void onProgress(progress));
    } finally {
      release(onProgress);
    }
  },
  async reset() {
    requireKernel().reset();
  },
};

expose(api);
