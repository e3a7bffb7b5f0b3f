import { DEFAULT_PYODIDE_PACKAGES_URL } from './lib/pyodide-defaults.mjs';

// Headers are computed when the app is built (`npm start` builds first), so PYODIDE_PACKAGES_URL must be set then.
const packagesOrigin = new URL(process.env.PYODIDE_PACKAGES_URL || DEFAULT_PYODIDE_PACKAGES_URL).origin;

/**
 * The kernel worker's own Content-Security-Policy. A dedicated worker takes its CSP from its script's response, so
 * this is the policy Python code runs under: no 'unsafe-eval' (a JS proxy's constructor.constructor — the Function
 * constructor — is dead), WebAssembly allowed, network only to this origin and the package mirror.
 */
const workerCsp = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  `connect-src 'self' ${packagesOrigin}`,
].join('; ');

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
        source: '/kernel/:path*',
        headers: [...isolationHeaders, { key: 'Content-Security-Policy', value: workerCsp }, { key: 'Cache-Control', value: 'no-cache' }],
      },
    ];
  },
};

export default nextConfig;
