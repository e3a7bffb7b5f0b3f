import { Workspace } from '@/components/workspace';
import { getAskClientConfig } from '@/lib/ai/ask-deps';
import { getEnv } from '@/lib/env';
import { KERNEL_WORKER_PATH, PYODIDE_INDEX_PATH } from '@/lib/pyodide-defaults.mjs';

// Configuration is read per request so the same build serves any PYODIDE_PACKAGES_URL / time limit.
export const dynamic = 'force-dynamic';

export default function HomePage() {
  const env = getEnv();
  return (
    <Workspace
      kernelOptions={{
        workerUrl: KERNEL_WORKER_PATH,
        indexURL: PYODIDE_INDEX_PATH,
        packagesURL: env.PYODIDE_PACKAGES_URL,
        timeoutMs: env.KERNEL_TIMEOUT_MS,
        interruptGraceMs: env.KERNEL_INTERRUPT_GRACE_MS,
      }}
      dataOptions={{ maxUploadBytes: Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024), storageKind: env.STORAGE }}
      askOptions={{ ...getAskClientConfig(), embedAllowedOrigins: env.EMBED_ALLOWED_ORIGINS }}
    />
  );
}
