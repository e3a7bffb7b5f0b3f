/**
 * Loads the Pyodide packages a run imports, one top-level package at a time so the page can show per-package
 * progress. Pyodide's loadPackage does not throw when a download fails (it returns [] and reports through
 * errorCallback), so success is judged by `loadedPackages` and a failure becomes a message naming the package and the
 * URL that was tried.
 */
import type { PyodideAPI } from 'pyodide';
import type { KernelProgress } from './kernel-protocol';

export type PackageLoadOutcome = { ok: true; loaded: string[] } | { ok: false; message: string; hint: string };

export async function loadPackagesOnDemand(args: {
  pyodide: PyodideAPI;
  packages: string[];
  packagesURL: string;
  onProgress?: (progress: KernelProgress) => void;
}): Promise<PackageLoadOutcome> {
  const { pyodide, packagesURL, onProgress } = args;
  const missing = args.packages.filter((name) => !(name in pyodide.loadedPackages));
  const loaded: string[] = [];
  for (const [index, packageName] of missing.entries()) {
    const progress = { phase: 'package' as const, packageName, index, total: missing.length };
    onProgress?.({ ...progress, state: 'loading', message: `Loading ${packageName} (${index + 1} of ${missing.length})` });
    const errors: string[] = [];
    try {
      await pyodide.loadPackage(packageName, {
        messageCallback: () => undefined,
        errorCallback: (message) => errors.push(message),
      });
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    if (!(packageName in pyodide.loadedPackages)) {
      const url = packageUrl({ pyodide, packageName, packagesURL });
      const reason = summarizeLoadErrors({ errors, packageName });
      return {
        ok: false,
        message: `Could not load the Python package "${packageName}" from ${url}: ${reason}`,
        hint: `Check your network connection, or set PYODIDE_PACKAGES_URL to a reachable mirror of Pyodide ${pyodide.version}'s packages.`,
      };
    }
    loaded.push(packageName);
    onProgress?.({ ...progress, state: 'loaded', message: `Loaded ${packageName}` });
  }
  return { ok: true, loaded };
}

/**
 * Pyodide reports one "The following error occurred while loading X:" line and one reason per dependency; the
 * analyst needs the reason once and which dependencies failed with it.
 */
function summarizeLoadErrors({ errors, packageName }: { errors: string[]; packageName: string }): string {
  const failed = new Set<string>();
  const reasons = new Set<string>();
  for (const error of errors) {
    const loading = /while loading ([\w.-]+)/.exec(error);
    if (loading?.[1]) failed.add(loading[1]);
    else if (error.trim()) reasons.add(error.trim().replace(/[.;:]+$/, ''));
  }
  failed.delete(packageName);
  const reason = reasons.size > 0 ? [...reasons].join('; ') : 'the package did not load';
  return failed.size > 0 ? `${reason} (its dependencies ${[...failed].join(', ')} failed too)` : reason;
}

function packageUrl(args: { pyodide: PyodideAPI; packageName: string; packagesURL: string }): string {
  const fileName = args.pyodide.lockfile.packages[args.packageName]?.file_name;
  return fileName ? new URL(fileName, args.packagesURL).toString() : args.packagesURL;
}
