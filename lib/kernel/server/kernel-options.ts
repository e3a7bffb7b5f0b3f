import 'server-only';
import { getEnv } from '@/lib/core/server/env';
import { KERNEL_FRAME_PATH, PYODIDE_INDEX_PATH } from '@/lib/core/pyodide-defaults.mjs';
import type { UseKernelOptions } from '../client/use-kernel';

/** The kernel settings a page hands to useKernel, read from the configuration per request. */
export function kernelOptionsFromEnv(): UseKernelOptions & { timeoutMs: number } {
  const env = getEnv();
  return {
    frameUrl: KERNEL_FRAME_PATH,
    indexURL: PYODIDE_INDEX_PATH,
    packagesURL: env.PYODIDE_PACKAGES_URL,
    wheels: { url: env.PYTHON_WHEELS_URL, names: env.PYTHON_EXTRA_WHEELS },
    timeoutMs: env.KERNEL_TIMEOUT_MS,
    interruptGraceMs: env.KERNEL_INTERRUPT_GRACE_MS,
  };
}
