/**
 * Runs once when the server starts (Next's instrumentation hook). In the Node runtime:
 * - it tags every incoming request with its socket's address (lib/access/server/peer-address.ts), the only client
 *   address the rate limiter trusts unless TRUSTED_PROXY_COUNT says reverse proxies sit in front;
 * - it puts the share-page cache in front of Next (lib/share/server/page-cache/share-page-server.ts), installed second so
 *   it sees a request first.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/access/server/peer-address');
  installPeerAddressHeader();
  const { installSharePageCache } = await import('./lib/share/server/page-cache/share-page-server');
  installSharePageCache();
}
