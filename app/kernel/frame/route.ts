import { getEnv } from '@/lib/core/server/env';
import { configuredPublicOrigin } from '@/lib/access/server/request-origin';
import { KERNEL_FRAME_HTML, kernelFrameHeaders, requestOrigin } from '@/lib/kernel/server/kernel-frame-document';

// The kernel's frame document (lib/kernel/server/kernel-frame-document.ts). Dynamic: its CSP names the origin the browser
// used and the configured package mirror.
export function GET(request: Request): Response {
  const env = getEnv();
  const headers = kernelFrameHeaders({
    appOrigin: requestOrigin(request, configuredPublicOrigin(env)),
    packagesURL: env.PYODIDE_PACKAGES_URL,
    wheelsURL: env.PYTHON_WHEELS_URL,
  });
  return new Response(KERNEL_FRAME_HTML, { status: 200, headers });
}
