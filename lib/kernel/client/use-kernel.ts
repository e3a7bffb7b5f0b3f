'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { KernelLimits, KernelProgress, MountedFile, RunResult } from '@/workers/kernel-protocol';
import { acquireKernelClient, releaseKernelClient } from './client-registry';
import { INITIAL_KERNEL_STATE, KernelClient } from './kernel-client';
import { KernelFrame } from './kernel-frame-host';
import { KernelBusyError, type BoundDataset, type ClientMountFile, type KernelState } from '../kernel-types';

export interface UseKernelOptions {
  /** Same-origin URL of the kernel's frame document, e.g. KERNEL_FRAME_PATH ('/kernel/frame'). */
  frameUrl: string;
  /** Base URL of the self-hosted Pyodide core, ending in '/'. */
  indexURL: string;
  /** Base URL of Pyodide's package wheels, ending in '/'. */
  packagesURL: string;
  /** Time limit of each run unless run() passes its own. Default: none. */
  timeoutMs?: number;
  /** How long interrupted code may take to stop before the worker is terminated. Default 1000 ms. */
  interruptGraceMs?: number;
  /** Caps sent to the worker at boot. Default: the worker's defaults. */
  limits?: Partial<KernelLimits>;
  /** Pure-Python wheels installed on first import: the index URL and the import names. Default: the kernel's. */
  wheels?: { url: string; names: string[] };
}

/** Output of the current run (or of the last one, until the next starts). */
export interface KernelLiveOutput {
  stdout: string;
  stderr: string;
  /** Latest package-loading progress of the run, or null. */
  progress: KernelProgress | null;
}

export interface UseKernelResult {
  /** Loading / ready / error (render `data-state={state.state}`), plus busy, generation and lastLoss. */
  state: KernelState;
  output: KernelLiveOutput;
  /** Resolves with the RunResult (kills, crashes and boot failures included); rejects if a run is already going. */
  run: (request: { code: string; timeoutMs?: number }) => Promise<RunResult>;
  stop: () => void;
  reset: () => Promise<void>;
  mountFiles: (files: ClientMountFile[]) => Promise<MountedFile[]>;
  /** Which dataset each dfN is bound to at the moment of the call (state.bindings is the same, as of the last render). */
  getBindings: () => BoundDataset[];
  /** The shared client (null before the first effect), e.g. for getTimings() in the benchmark. */
  client: KernelClient | null;
}

const EMPTY_OUTPUT: KernelLiveOutput = { stdout: '', stderr: '', progress: null };
const noSubscription = () => () => undefined;

function notStarted(): Promise<never> {
  return Promise.reject(new Error('useKernel: the kernel starts after the first render; call it from an event handler or an effect.'));
}

/**
 * The page's kernel. The client is created in an effect (so only in the browser, never during SSR), shared by
 * every component with the same worker/Pyodide configuration, and started at once so Python is warm when code
 * arrives.
 */
export function useKernel(options: UseKernelOptions): UseKernelResult {
  const { frameUrl, indexURL, packagesURL, limits, wheels } = options;
  const key = JSON.stringify([frameUrl, indexURL, packagesURL, limits ?? null, wheels ?? null]);
  const [client, setClient] = useState<KernelClient | null>(null);
  const [output, setOutput] = useState<KernelLiveOutput>(EMPTY_OUTPUT);
  // Per-run settings are read when a run starts, so changing them does not restart the kernel.
  const runSettings = useRef({ timeoutMs: options.timeoutMs, interruptGraceMs: options.interruptGraceMs });
  useEffect(() => {
    runSettings.current = { timeoutMs: options.timeoutMs, interruptGraceMs: options.interruptGraceMs };
  }, [options.timeoutMs, options.interruptGraceMs]);

  // The kernel's configuration as of the last key change (the key says when it changed; the values come from here).
  const config = useRef({ frameUrl, indexURL, packagesURL, limits, wheels });
  config.current = { frameUrl, indexURL, packagesURL, limits, wheels };

  useEffect(() => {
    const current = config.current;
    const created = acquireKernelClient(
      key,
      () =>
        new KernelClient({
          // Each kernel lives in its own opaque-origin frame (kernel-frame-host.ts); the frame has no base URL, so the
          // Pyodide URLs it is handed are absolute.
          createHost: () => new KernelFrame({ frameUrl: current.frameUrl }),
          indexURL: new URL(current.indexURL, window.location.href).href,
          packagesURL: new URL(current.packagesURL, window.location.href).href,
          ...(current.limits ? { limits: current.limits } : {}),
          ...(current.wheels ? { wheels: current.wheels } : {}),
        }),
    );
    created.start();
    setClient(created);
    return () => releaseKernelClient(key, created);
  }, [key]);

  const state = useSyncExternalStore(
    client ? client.subscribe : noSubscription,
    () => (client ? client.getState() : INITIAL_KERNEL_STATE),
    () => INITIAL_KERNEL_STATE,
  );

  const run = useCallback(
    (request: { code: string; timeoutMs?: number }): Promise<RunResult> => {
      if (!client) return notStarted();
      // Refuse before clearing the output: it belongs to the run that is still going.
      if (client.getState().busy) return Promise.reject(new KernelBusyError());
      const { timeoutMs, interruptGraceMs } = runSettings.current;
      const effectiveTimeout = request.timeoutMs ?? timeoutMs;
      setOutput(EMPTY_OUTPUT);
      return client.run(
        {
          code: request.code,
          ...(effectiveTimeout !== undefined ? { timeoutMs: effectiveTimeout } : {}),
          ...(interruptGraceMs !== undefined ? { interruptGraceMs } : {}),
        },
        {
          onStream: (chunk) => setOutput((previous) => ({ ...previous, [chunk.stream]: previous[chunk.stream] + chunk.text })),
          onProgress: (progress) => setOutput((previous) => ({ ...previous, progress })),
        },
      );
    },
    [client],
  );
  const stop = useCallback(() => client?.stop(), [client]);
  const reset = useCallback(() => (client ? client.reset() : notStarted()), [client]);
  const mountFiles = useCallback((files: ClientMountFile[]) => (client ? client.mountFiles(files) : notStarted()), [client]);
  const getBindings = useCallback(() => client?.getBindings() ?? [], [client]);

  return { state, output, run, stop, reset, mountFiles, getBindings, client };
}
