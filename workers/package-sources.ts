/**
 * Where the packages a run imports come from, as the browser really has them: Pyodide's distribution (its lock file,
 * downloaded from the package mirror) plus the pure-Python wheels the app installs from its wheel source (seaborn by
 * default). A package that is in neither is refused before the code runs, with a message the repair loop can act on.
 * Also the boot-time probe of the mirror and the background prefetch, since all of them share one loader at a time.
 */
import type { PyodideAPI } from 'pyodide';
import type { KernelProgress, PackageSourceStatus, PrefetchOutcome, RunError } from './kernel-protocol';
import { loadPackagesOnDemand } from './package-loader';
import { probePackageSource } from './package-source';
import { installWheel } from './wheel-installer';

export type NetworkGate = <T>(task: () => Promise<T>) => Promise<T>;

export type RunPackagesOutcome = { ok: true; loaded: string[] } | { ok: false; status: 'load' | 'policy'; error: RunError };

export interface PackageSourcesOptions {
  pyodide: PyodideAPI;
  packagesURL: string;
  /** PEP 503 simple index (or folder) for the extra wheels, ending in '/'. */
  wheelsURL: string;
  /** Import names installed from the wheel source (not in Pyodide's distribution), e.g. ['seaborn']. */
  extraWheels: string[];
}

interface Prefetch {
  done: Promise<PrefetchOutcome>;
  current: KernelProgress | null;
}

export class PackageSources {
  /** Lends the network to downloads once the worker is locked down (worker-lockdown.ts); a pass-through in Node. */
  networkGate: NetworkGate = (task) => task();
  private readonly installedWheels = new Set<string>();
  private prefetching: Prefetch | null = null;

  constructor(private readonly options: PackageSourcesOptions) {}

  /** Loads what a run's imports need, waiting for a background prefetch first (one loader at a time). */
  async loadForRun(packages: string[], onProgress?: (progress: KernelProgress) => void): Promise<RunPackagesOutcome> {
    await this.waitForPrefetch(onProgress);
    const { pyodide, packagesURL, wheelsURL, extraWheels } = this.options;
    const fromPyodide = packages.filter((name) => name in pyodide.lockfile.packages);
    const wheels = packages.filter((name) => !fromPyodide.includes(name));
    const unavailable = wheels.filter((name) => !extraWheels.includes(name));
    if (unavailable.length > 0) return { ok: false, status: 'policy', error: unavailableError(unavailable, extraWheels) };

    const load = await this.networkGate(() => loadPackagesOnDemand({ pyodide, packages: fromPyodide, packagesURL, onProgress }));
    if (!load.ok) return { ok: false, status: 'load', error: loadError(load.message, load.hint) };
    const loaded = [...load.loaded];
    for (const name of wheels.filter((wheel) => !this.installedWheels.has(wheel))) {
      const installed = await this.networkGate(() => installWheel({ pyodide, name, wheelsURL, packagesURL, fetchImpl: fetch, onProgress }));
      if (!installed.ok) return { ok: false, status: 'load', error: loadError(installed.message, installed.hint) };
      this.installedWheels.add(name);
      loaded.push(...installed.loaded);
    }
    return { ok: true, loaded };
  }

  /** Asks the package mirror whether it answers. */
  probe(): Promise<PackageSourceStatus> {
    return this.networkGate(() => probePackageSource({ packagesURL: this.options.packagesURL, fetchImpl: fetch }));
  }

  prefetch(packages: string[], onProgress?: (progress: KernelProgress) => void): Promise<PrefetchOutcome> {
    if (this.prefetching) return this.prefetching.done;
    const state: Prefetch = { done: Promise.resolve({ loaded: [], error: null }), current: null };
    const { pyodide, packagesURL } = this.options;
    const track = (progress: KernelProgress) => {
      state.current = progress;
      onProgress?.(progress);
    };
    state.done = this.networkGate(() => loadPackagesOnDemand({ pyodide, packages, packagesURL, onProgress: track })).then((outcome) =>
      outcome.ok ? { loaded: outcome.loaded, error: null } : { loaded: [], error: outcome.message },
    );
    this.prefetching = state;
    void state.done.finally(() => {
      if (this.prefetching === state) this.prefetching = null;
    });
    return state.done;
  }

  /**
   * A run that arrives during a prefetch waits for it, and reports the package being loaded as its own progress, so
   * the page pauses the run's time limit (downloads do not count against it) and shows what is happening.
   */
  private async waitForPrefetch(onProgress?: (progress: KernelProgress) => void): Promise<void> {
    const prefetch = this.prefetching;
    if (!prefetch) return;
    const current = prefetch.current;
    const packageName = current?.phase === 'package' ? current.packageName : 'packages';
    const progress = { phase: 'package' as const, packageName, index: 0, total: 1 };
    onProgress?.({ ...progress, state: 'loading', message: `Waiting for ${packageName} to finish loading` });
    await prefetch.done;
    onProgress?.({ ...progress, state: 'loaded', message: `Loaded ${packageName}` });
  }
}

function loadError(message: string, hint: string): RunError {
  return { type: 'PackageLoadError', message, line: null, traceback: '', hint };
}

/** Refused before running, as an import the code can do without: the repair loop rewrites it. */
function unavailableError(names: string[], extraWheels: string[]): RunError {
  const list = names.map((name) => `"${name}"`).join(', ');
  const wheels = extraWheels.length > 0 ? ` nor among the extra wheels this app installs (${extraWheels.join(', ')})` : '';
  return {
    type: 'PolicyViolation',
    rule: 'import',
    message: `${list} cannot be used in this browser: not in Pyodide's distribution${wheels}.`,
    line: null,
    traceback: '',
    hint: 'Use pandas, numpy, matplotlib, scipy, scikit-learn or statsmodels instead.',
  };
}
