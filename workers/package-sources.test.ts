import { describe, expect, it } from 'vitest';
import type { PyodideAPI } from 'pyodide';
import type { KernelProgress } from './kernel-protocol';
import { PackageSources } from './package-sources';

/** The slice of Pyodide the loader uses: a lock file, what is loaded, and a loadPackage the test can hold. */
function fakePyodide(locked: string[]) {
  const loadedPackages: Record<string, string> = {};
  const pending: Array<() => void> = [];
  const api = {
    version: '314.0.7',
    lockfile: { packages: Object.fromEntries(locked.map((name) => [name, { file_name: `${name}.whl` }])) },
    loadedPackages,
    loadPackage: (name: string) =>
      new Promise<void>((resolve) => {
        pending.push(() => {
          loadedPackages[name] = 'default channel';
          resolve();
        });
      }),
  };
  return { pyodide: api as unknown as PyodideAPI, release: () => pending.splice(0).forEach((finish) => finish()), pending };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PackageSources', () => {
  it('refuses, before loading anything, a package that is neither in Pyodide nor an extra wheel', async () => {
    const { pyodide, pending } = fakePyodide(['pandas']);
    const sources = new PackageSources({ pyodide, packagesURL: 'https://mirror/', wheelsURL: 'https://index/', extraWheels: [] });
    const outcome = await sources.loadForRun(['pandas', 'seaborn']);
    expect(outcome).toMatchObject({ ok: false, status: 'policy', error: { type: 'PolicyViolation', rule: 'import' } });
    expect(pending).toHaveLength(0);
  });

  it('a run that arrives during the background prefetch waits for it and reports it as its own package progress', async () => {
    const { pyodide, release } = fakePyodide(['numpy', 'pandas']);
    const sources = new PackageSources({ pyodide, packagesURL: 'https://mirror/', wheelsURL: 'https://index/', extraWheels: [] });
    const prefetch = sources.prefetch(['numpy', 'pandas']);
    await tick();
    const seen: KernelProgress[] = [];
    const run = sources.loadForRun(['pandas'], (progress) => seen.push(progress));
    await tick();
    expect(seen).toEqual([expect.objectContaining({ phase: 'package', packageName: 'numpy', state: 'loading' })]);
    release();
    await tick();
    release();
    expect(await prefetch).toEqual({ loaded: ['numpy', 'pandas'], error: null });
    // pandas came with the prefetch: the run loads nothing more.
    expect(await run).toEqual({ ok: true, loaded: [] });
    expect(seen.at(-1)).toMatchObject({ state: 'loaded' });
  });
});
