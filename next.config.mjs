/**
 * The kernel's own files. They are loaded from the kernel's opaque-origin frame (Origin: null, no cookies), so they
 * are CORS-readable by anyone and cross-origin embeddable — they are public, static code. The policy the kernel
 * runs under is the frame's CSP (lib/kernel/server/kernel-frame-document.ts), not these responses'.
 */
const kernelAssetHeaders = [
  { key: 'Access-Control-Allow-Origin', value: '*' },
  { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
];

// Pages: cross-origin isolated so the kernel can be interrupted through a SharedArrayBuffer; never framed.
const isolationHeaders = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: {
    // Server-action bodies: 1 MB (lib/access/server/read-body.ts SERVER_ACTION_MAX_BODY_BYTES; saves with figures go
    // through POST /api/analyses and its own cap). proxy.ts refuses a larger one with 413 before the action reads it;
    // Next enforces this limit again while the action parses.
    serverActions: { bodySizeLimit: '1mb' },
    // The copy of a page POST's body Next buffers for proxy.ts (default 10 MB): just past the action cap, so a huge
    // chunked body costs at most this much memory before proxy.ts refuses it.
    proxyClientMaxBodySize: '2mb',
  },
  async headers() {
    return [
      {
        // Pages. proxy.ts replaces this CSP per request with the full page policy (nonce, sources); the value here is
        // the fail-closed one if it did not run. /api/ is not covered: a header rule here would overwrite the
        // sandbox CSP the object and figure routes set on their own responses.
        source: '/((?!kernel/|embed/|api/).*)',
        headers: [
          ...isolationHeaders,
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'" },
        ],
      },
      {
        // API responses: isolated and never framed, but no CSP from here (see above); routes that serve stored bytes
        // send `sandbox; default-src 'none'` themselves.
        source: '/api/:path*',
        headers: [...isolationHeaders, { key: 'X-Frame-Options', value: 'DENY' }],
      },
      {
        // Share links are capabilities: not indexed, and never leaked in the Referer of links they contain.
        source: '/a/:path*',
        headers: [
          { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
      {
        // The embed widget is framed by other sites. No X-Frame-Options; proxy.ts replaces this CSP at request time
        // with `frame-ancestors <EMBED_ALLOWED_ORIGINS>` (the 'none' here is the fail-closed value if it did not run).
        // COEP stays (an isolated parent may only frame documents that have it) and CORP is cross-origin so such a
        // parent may load it; a parent without COEP ignores both. COOP does not apply inside a frame.
        source: '/embed/:path*',
        headers: [
          ...isolationHeaders.filter(({ key }) => key !== 'Cross-Origin-Resource-Policy' && key !== 'Referrer-Policy'),
          { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'" },
        ],
      },
      {
        // The frame's and the worker's scripts (not the frame document /kernel/frame, whose route sets its own headers).
        source: '/kernel/:file(.*\\.mjs)',
        headers: [...kernelAssetHeaders, { key: 'Cache-Control', value: 'no-cache' }],
      },
      {
        // After the page rule above: the same keys set later win, and Pyodide's core is fetched by the frame's worker.
        source: '/pyodide/:path*',
        headers: kernelAssetHeaders,
      },
      {
        // Stored gzipped by scripts/prepare-assets.mjs; saying so keeps `next start` from compressing it on every request.
        source: '/pyodide/pyodide.asm.wasm',
        headers: [{ key: 'Content-Encoding', value: 'gzip' }],
      },
    ];
  },
};

export default nextConfig;
