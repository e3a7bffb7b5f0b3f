import { getEnv } from '@/lib/env';
import { frameAncestorsDirective } from '@/lib/share/embed-origins';
import { pageCsp, storageConnectOrigins, type PageCspOptions } from './page-csp';

/**
 * This deployment's page CSP: proxy.ts sends it with a fresh nonce, the share-page cache with the cached page's
 * inline-script hashes. Only the embed may be framed, and only by EMBED_ALLOWED_ORIGINS.
 */
export function appPageCsp({ embed, scripts }: { embed: boolean; scripts: PageCspOptions['scripts'] }): string {
  const env = getEnv();
  return pageCsp({
    scripts,
    development: process.env.NODE_ENV === 'development',
    connectOrigins: storageConnectOrigins(env),
    frameAncestors: embed ? frameAncestorsDirective(env.EMBED_ALLOWED_ORIGINS) : "frame-ancestors 'none'",
    // The page starts no worker: each kernel runs in its own opaque-origin frame (frame-src 'self'), which starts
    // its worker under the frame's CSP (lib/kernel/kernel-frame-document.ts).
    allowWorkers: false,
  });
}
