import 'server-only';
import { KERNEL_FRAME_SCRIPT_PATH, PYODIDE_INDEX_PATH } from '@/lib/core/pyodide-defaults.mjs';
import { expectedOrigin } from '@/lib/access/server/request-origin';

/**
 * The kernel frame's document and headers (served by app/kernel/frame/route.ts). Its CSP is the policy the kernel's
 * worker inherits (a worker started from a blob: URL takes its creator's policy), so it is what escaped code lives
 * under:
 * - `sandbox allow-scripts`: an opaque origin even when the document is opened on its own, not only inside the iframe;
 * - scripts only from the kernel's and Pyodide's own folders, WebAssembly but no 'unsafe-eval' (a JS proxy's
 *   constructor.constructor — the Function constructor — is dead);
 * - connect-src only Pyodide's folder, the package mirror and the wheel source: not the app's routes, not a loopback
 *   canary;
 * - framed only by the app itself.
 */
export interface KernelSources {
  appOrigin: string;
  /** PYODIDE_PACKAGES_URL. */
  packagesURL: string;
  /** PYTHON_WHEELS_URL. */
  wheelsURL: string;
}

/** PyPI's simple index links its wheels on another host; a self-hosted index or folder serves them itself. */
const WHEEL_FILE_HOSTS: Record<string, string> = { 'pypi.org': 'https://files.pythonhosted.org/' };

export function kernelFrameCsp({ appOrigin, packagesURL, wheelsURL }: KernelSources): string {
  const kernelFolder = `${appOrigin}/kernel/`;
  const pyodideFolder = `${appOrigin}${PYODIDE_INDEX_PATH}`;
  const wheelIndex = new URL(wheelsURL);
  const wheelFiles = WHEEL_FILE_HOSTS[wheelIndex.hostname];
  // A self-hosted index links its files anywhere on its host, so the host is allowed — except the app's own, where
  // only the index's folder is (the app's routes stay out of reach).
  const wheelSource = wheelIndex.origin === appOrigin ? wheelsURL : wheelIndex.origin;
  return [
    'sandbox allow-scripts',
    "default-src 'none'",
    `script-src ${kernelFolder} ${pyodideFolder} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    ['connect-src', pyodideFolder, packagesURL, wheelSource, ...(wheelFiles ? [wheelFiles] : [])].join(' '),
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const KERNEL_FRAME_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Python kernel</title>
<script type="module" src="${KERNEL_FRAME_SCRIPT_PATH}"></script>
</head><body></body></html>
`;

/**
 * The origin the browser used to reach the app, as the origin checks read it (PUBLIC_ORIGIN, else the Host; never
 * X-Forwarded-*). The frame's CSP must name it (an opaque-origin document has no 'self' worth trusting), so a Host
 * that is not a plain host and port (it would be written into the CSP header) is replaced by the server's own.
 */
export function requestOrigin(request: Request, publicOrigin: string | undefined): string {
  const origin = expectedOrigin({ url: request.url, headers: request.headers, publicOrigin });
  return /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(origin) ? origin : new URL(request.url).origin;
}

export function kernelFrameHeaders(sources: KernelSources): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': kernelFrameCsp(sources),
    // An isolated parent may only frame documents that opt in; the frame is then cross-origin isolated itself
    // (with allow="cross-origin-isolated"), which keeps SharedArrayBuffer and so Stop without losing state.
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}
