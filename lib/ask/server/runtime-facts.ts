import 'server-only';
import pyodideLock from 'pyodide/pyodide-lock.json';
import { getEnv } from '@/lib/core/server/env';
import policy from '@/workers/policy.json';

/**
 * What the browser's Python really is, for the prompts: the versions and the importable packages come from the same
 * sources as the kernel's own check (Pyodide's lock file, plus the extra wheels it installs), so models write for
 * pandas 3 on Python 3.14 and never import what the kernel would refuse.
 */

/** Import name → the Pyodide package whose version the prompt quotes. */
const VERSIONED = ['numpy', 'pandas', 'matplotlib', 'scipy', 'scikit-learn', 'statsmodels'] as const;

export interface RuntimeFacts {
  python: string;
  versions: Record<string, string>;
  /** Import names the kernel can load (Pyodide's distribution or the extra wheels). */
  packages: string[];
}

export function runtimeFacts(extraWheels: string[] = getEnv().PYTHON_EXTRA_WHEELS): RuntimeFacts {
  const locked: Record<string, { version: string }> = pyodideLock.packages;
  const versions: Record<string, string> = {};
  for (const name of VERSIONED) {
    const version = locked[name]?.version;
    if (version) versions[name] = version;
  }
  const packages = Object.entries(policy.packageImports)
    .filter(([importName, packageName]) => packageName in locked || extraWheels.includes(importName))
    .map(([importName]) => importName);
  return { python: pyodideLock.info.python, versions, packages };
}

/** The prompt's paragraph on the runtime: versions, the idioms that changed, and what can be imported. */
export function runtimePromptLines(facts: RuntimeFacts = runtimeFacts()): string[] {
  const version = (name: string) => facts.versions[name] ?? 'unknown';
  return [
    `- The kernel is Python ${facts.python} with pandas ${version('pandas')}, numpy ${version('numpy')}, matplotlib ${version('matplotlib')}, scipy ${version('scipy')}, scikit-learn ${version('scikit-learn')} and statsmodels ${version('statsmodels')}. Write for these versions, not pandas 1.x:`,
    '  pandas 3 has copy-on-write (chained assignment like df["a"][0] = 1 does nothing: use df.loc[...] = ...), text columns have the "str" dtype (not object), datetimes default to datetime64[us], value_counts() returns a Series named "count", DataFrame.append/iteritems/swapaxes are gone (use pd.concat/items), groupby(...).mean() needs numeric_only=True when text columns remain, and frequency aliases are "h"/"min"/"ME"/"QE"/"YE" (not "H"/"T"/"M"/"Q"/"Y"); numpy 2 has no np.float_/np.NaN (use np.float64/np.nan).',
    `- Importable packages: ${facts.packages.join(', ')}, plus the standard modules listed below. pd, np and plt are already imported; still write the imports you use.`,
  ];
}
