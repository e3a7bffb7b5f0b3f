// Plain JS so next.config.mjs (which cannot import TypeScript) and lib/core/server/env.ts share one definition.

/** The pinned Pyodide version; must equal the `pyodide` version in package.json (checked by a unit test). */
export const PYODIDE_VERSION = '314.0.7';

/** Where Pyodide's compiled packages (numpy, pandas, matplotlib…) come from unless PYODIDE_PACKAGES_URL says otherwise. */
export const DEFAULT_PYODIDE_PACKAGES_URL = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`;

/** Same-origin path the self-hosted Pyodide core is served from (copied by scripts/prepare-assets.mjs). */
export const PYODIDE_INDEX_PATH = '/pyodide/';

/**
 * The environment Python starts with. One definition, because the boot snapshot (below) bakes it in: a kernel booted
 * from the snapshot has the environment the snapshot was made with. Agg renders figures to PNG without a DOM.
 */
export const PYODIDE_BOOT_ENV = Object.freeze({ MPLBACKEND: 'Agg', HOME: '/home/pyodide' });

/**
 * Pyodide's memory right after Python has started (made by scripts/prepare-assets.mjs, next to the core files). Booting
 * from it skips Python's own start-up, which is most of a cold kernel's boot. Our bootstrap (the policy, the guards,
 * the severed JS bridge) is not in it: that still runs on every boot. Gzipped at build time (31 MB of memory, 6.7 MB
 * on the wire) and unpacked by the worker with DecompressionStream: the server sends it as it is.
 */
export const PYODIDE_BOOT_SNAPSHOT_FILE = 'boot-snapshot.bin.gz';

/** Same-origin URL of the kernel's frame document (app/kernel/frame/route.ts), loaded as an opaque-origin iframe. */
export const KERNEL_FRAME_PATH = '/kernel/frame';

/** The frame's script, built by scripts/prepare-assets.mjs from workers/kernel-frame.ts. */
export const KERNEL_FRAME_SCRIPT_PATH = '/kernel/kernel-frame.mjs';

/**
 * Same-origin URL of the page's dataset download worker (lib/kernel/client/disk-cache.worker.ts, built by
 * scripts/prepare-assets.mjs). The page CSP's worker-src names exactly this path (lib/access/server/app-page-csp.ts).
 */
export const DISK_CACHE_WORKER_PATH = '/datasets/disk-cache.worker.mjs';

/** Where pure-Python wheels that Pyodide does not ship come from unless PYTHON_WHEELS_URL says otherwise (PEP 503). */
export const DEFAULT_PYTHON_WHEELS_URL = 'https://pypi.org/simple/';

/** Import names installed from the wheel source unless PYTHON_EXTRA_WHEELS says otherwise. */
export const DEFAULT_EXTRA_WHEELS = ['seaborn'];
