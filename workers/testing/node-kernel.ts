/**
 * Boots the real kernel (kernel-core + the Python half) on Pyodide from npm, in Node. Used by the Pyodide test tier
 * and the benchmarks; the browser uses the same kernel-core through the worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { bootKernel, type Kernel, type LoadPyodide } from '../kernel-core';
import type { KernelLimits } from '../kernel-protocol';
import type { RemoteRead } from '../blob-mounts';

const root = path.resolve(__dirname, '..', '..');

function readPythonSources(): Record<string, string> {
  const dir = path.join(root, 'workers', 'python');
  const names = readdirSync(dir).filter((name) => name.endsWith('.py'));
  return Object.fromEntries(names.map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

type NodeKernelOptions = {
  snapshot?: Uint8Array;
  interruptBuffer?: Uint8Array;
  limits?: Partial<KernelLimits>;
  packagesURL?: string;
  wheelsURL?: string;
  extraWheels?: string[];
  readRemoteBlob?: RemoteRead;
};

export async function bootNodeKernel(options: NodeKernelOptions = {}): Promise<Kernel> {
  return (await bootNodeKernelWithRuntime(options)).kernel;
}

/** Also hands back the Pyodide runtime, for tests that inspect the interpreter behind the kernel's back. */
export async function bootNodeKernelWithRuntime(options: NodeKernelOptions = {}): Promise<{ kernel: Kernel; pyodide: PyodideAPI }> {
  let runtime: PyodideAPI | undefined;
  const capture: LoadPyodide = async (config) => {
    runtime = await (loadPyodide as unknown as LoadPyodide)(config);
    return runtime;
  };
  // As the worker does: the runtime factory is handed to the boot, which keeps this runtime's C-call trampoline.
  const runtimeFactory = await import('pyodide/pyodide.asm.mjs');
  const kernel = await bootKernel({
    loadPyodide: capture,
    createPyodideModule: runtimeFactory.default,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    indexURL: path.join(root, 'node_modules', 'pyodide') + path.sep,
    packagesURL: options.packagesURL ?? 'http://127.0.0.1:9/unreachable-mirror/',
    pythonSources: readPythonSources(),
    interruptBuffer: options.interruptBuffer,
    limits: options.limits,
    // Never PyPI from a test: an unreachable loopback index unless the test serves one.
    wheelsURL: options.wheelsURL ?? 'http://127.0.0.1:9/unreachable-index/',
    ...(options.extraWheels ? { extraWheels: options.extraWheels } : {}),
    ...(options.readRemoteBlob ? { readRemoteBlob: options.readRemoteBlob } : {}),
  });
  if (!runtime) throw new Error('Pyodide did not boot');
  return { kernel, pyodide: runtime };
}
