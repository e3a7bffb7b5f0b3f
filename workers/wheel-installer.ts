/**
 * Pure-Python packages that are not in Pyodide's distribution (seaborn first) come from a wheel source: a PEP 503
 * "simple" index — PyPI's by default, or a folder or index a self-hoster serves (PYTHON_WHEELS_URL). The kernel picks
 * the newest stable `py3-none-any` wheel, checks the index's sha256, unpacks it into site-packages and loads the
 * Pyodide packages it requires. The index is the operator's, but its HTML is still parsed as untrusted text: only
 * wheel file names of the asked-for distribution are taken from it.
 */
import type { PyodideAPI } from 'pyodide';
import type { KernelProgress } from './kernel-protocol';
import { loadPackagesOnDemand, type PackageLoadOutcome } from './package-loader';
import { sha256Hex } from './sha256';

export interface WheelInstallArgs {
  pyodide: PyodideAPI;
  /** The import name, e.g. 'seaborn'. */
  name: string;
  wheelsURL: string;
  packagesURL: string;
  fetchImpl: typeof fetch;
  onProgress?: (progress: KernelProgress) => void;
}

interface WheelLink {
  fileName: string;
  version: number[];
  url: URL;
  sha256: string | null;
}

/** PEP 503 name normalisation: runs of -, _ and . become one '-', lower case. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Anchors of a simple index page → the stable pure-Python wheels of `name`, newest first. */
function parseSimpleIndex({ html, name, pageUrl }: { html: string; name: string; pageUrl: URL }): WheelLink[] {
  const distribution = normalizeName(name).replace(/-/g, '_');
  const pattern = new RegExp(`^${distribution}-(\\d+(?:\\.\\d+)*)-py3-none-any\\.whl$`, 'i');
  const links: WheelLink[] = [];
  for (const match of html.matchAll(/<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>([^<]*)<\/a>/gi)) {
    const href = (match[1] ?? '').replace(/&amp;/g, '&');
    const fileName = (match[2] ?? '').trim();
    const version = pattern.exec(fileName)?.[1];
    if (!version) continue;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    const sha256 = /(?:^|&)sha256=([0-9a-f]{64})$/i.exec(url.hash.slice(1))?.[1]?.toLowerCase() ?? null;
    url.hash = '';
    links.push({ fileName, version: version.split('.').map(Number), url, sha256 });
  }
  return links.sort((a, b) => compareVersions(b.version, a.version));
}

function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** `Requires-Dist:` lines of the unpacked wheel without an `extra ==` marker, as bare project names. */
function requiredProjects(metadata: string): string[] {
  const names: string[] = [];
  for (const line of metadata.split('\n')) {
    const requirement = /^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$/.exec(line.trim());
    if (!requirement?.[1] || /extra\s*==/.test(requirement[2] ?? '')) continue;
    names.push(normalizeName(requirement[1]));
  }
  return names;
}

function failure(name: string, reason: string): PackageLoadOutcome {
  return {
    ok: false,
    message: `Could not install the Python package "${name}" from the wheel source: ${reason}`,
    hint: 'Check the network, or set PYTHON_WHEELS_URL to a reachable simple index (or folder) that serves its pure-Python wheel.',
  };
}

export async function installWheel(args: WheelInstallArgs): Promise<PackageLoadOutcome> {
  try {
    return await install(args);
  } catch (error) {
    // An unpacking or file-system failure is this package's failure, not the kernel's.
    return failure(args.name, error instanceof Error ? error.message : String(error));
  }
}

async function install(args: WheelInstallArgs): Promise<PackageLoadOutcome> {
  const { pyodide, name, wheelsURL, fetchImpl, onProgress } = args;
  const progress = { phase: 'package' as const, packageName: name, index: 0, total: 1 };
  onProgress?.({ ...progress, state: 'loading', message: `Installing ${name} from the wheel source` });
  const pageUrl = new URL(`${normalizeName(name)}/`, wheelsURL);
  let wheel: WheelLink | undefined;
  let bytes: ArrayBuffer;
  try {
    const page = await fetchImpl(pageUrl, { headers: { accept: 'text/html' } });
    if (!page.ok) return failure(name, `${pageUrl} answered HTTP ${page.status}`);
    wheel = parseSimpleIndex({ html: await page.text(), name, pageUrl })[0];
    if (!wheel) return failure(name, `${pageUrl} lists no pure-Python (py3-none-any) wheel of it`);
    const download = await fetchImpl(wheel.url);
    if (!download.ok) return failure(name, `${wheel.url} answered HTTP ${download.status}`);
    bytes = await download.arrayBuffer();
  } catch (error) {
    return failure(name, error instanceof Error ? error.message : String(error));
  }
  if (wheel.sha256 && (await sha256Hex(bytes)) !== wheel.sha256) return failure(name, `${wheel.fileName} does not match the sha256 the index lists`);

  const sitePackages = String(pyodide.runPython('import site as _s; _s.getsitepackages()[0]'));
  pyodide.unpackArchive(bytes, 'wheel', { extractDir: sitePackages });
  const distInfo = `${sitePackages}/${wheel.fileName.replace(/-py3-none-any\.whl$/i, '')}.dist-info/METADATA`;
  const metadata = pyodide.FS.analyzePath(distInfo).exists ? String(pyodide.FS.readFile(distInfo, { encoding: 'utf8' })) : '';
  // Its dependencies that Pyodide ships (numpy, pandas, matplotlib for seaborn) load the usual way.
  const inPyodide = requiredProjects(metadata).filter((project) => project in pyodide.lockfile.packages);
  const dependencies = await loadPackagesOnDemand({ pyodide, packages: inPyodide, packagesURL: args.packagesURL, onProgress });
  if (!dependencies.ok) return dependencies;
  pyodide.runPython('import importlib as _i; _i.invalidate_caches()');
  onProgress?.({ ...progress, state: 'loaded', message: `Installed ${wheel.fileName}` });
  return { ok: true, loaded: [...dependencies.loaded, name] };
}
