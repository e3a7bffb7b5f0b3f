/**
 * Whether the package mirror answers, asked once at boot so the analyst learns before the first question — not after
 * asking — that pandas and the other data libraries cannot be downloaded. The probe fetches the mirror's lock file
 * head (every mirror of Pyodide's `full/` folder has one).
 */
import type { PackageSourceStatus } from './kernel-protocol';

const PROBE_TIMEOUT_MS = 5_000;

export async function probePackageSource({
  packagesURL,
  fetchImpl,
  timeoutMs = PROBE_TIMEOUT_MS,
}: {
  packagesURL: string;
  fetchImpl: typeof fetch;
  timeoutMs?: number;
}): Promise<PackageSourceStatus> {
  const url = new URL('pyodide-lock.json', packagesURL).toString();
  try {
    const response = await fetchImpl(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (response.ok) return { reachable: true, url: packagesURL, detail: '' };
    return { reachable: false, url: packagesURL, detail: `${url} answered HTTP ${response.status}` };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : error instanceof Error
          ? error.message
          : String(error);
    return { reachable: false, url: packagesURL, detail: `${url}: ${reason}` };
  }
}
