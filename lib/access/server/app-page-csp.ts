import { getEnv } from '@/lib/core/server/env';
import { frameAncestorsDirective } from '@/lib/core/embed-origins';
import { DISK_CACHE_WORKER_PATH } from '@/lib/core/pyodide-defaults.mjs';
import { pageCsp, storageConnectOrigins, type PageCspOptions } from './page-csp';

/**
 * This deployment's page CSP: proxy.ts sends it with a fresh nonce, the share-page cache with the cached page's
 * inline-script hashes. Only the embed may be framed, and only by EMBED_ALLOWED_ORIGINS. `origin` is the page's own
 * (lib/access/server/request-origin.ts expectedOrigin): the one worker a page may start is named by its full URL.
 */
export function appPageCsp({ embed, scripts, origin }: { embed: boolean; scripts: PageCspOptions['scripts']; origin: string }): string {
  const env = getEnv();
  return pageCsp({
    scripts,
    development: process.env.NODE_ENV === 'development',
    connectOrigins: storageConnectOrigins(env),
    frameAncestors: embed ? frameAncestorsDirective(env.EMBED_ALLOWED_ORIGINS) : "frame-ancestors 'none'",
    // The kernel is not the page's worker: each kernel runs in its own opaque-origin frame (frame-src 'self'), which
    // starts its worker under the frame's CSP (lib/kernel/server/kernel-frame-document.ts). The page starts only the disk
    // cache's download worker (lib/kernel/client/disk-cache.worker.ts), which needs the page's origin for OPFS.
    workerScripts: [`${origin}${DISK_CACHE_WORKER_PATH}`],
  });
}
