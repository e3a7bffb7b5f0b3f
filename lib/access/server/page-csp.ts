/**
 * The Content-Security-Policy of every page (proxy.ts sets it per request, with a fresh nonce). Pure, runtime-neutral.
 *
 * Scripts: only Next's own, which it tags with the request's nonce ('strict-dynamic' lets them load their chunks), so
 * an injected <script> or inline handler never runs; no 'unsafe-eval' (only `next dev` needs it, for React's
 * debugging stacks). Styles keep 'unsafe-inline': React renders style attributes, which a nonce cannot cover, and a
 * style cannot run code. Images only from this origin, data: and blob: (figures), so an answer cannot make the
 * browser fetch a remote image URL. Network only to this origin and, with STORAGE=s3, the bucket (presigned PUT/GET).
 * The kernel frame is same-origin (`/kernel/frame.html`, sandboxed to an opaque origin by its attribute).
 */

export interface PageCspOptions {
  /**
   * Fresh per request, base64; Next reads it back from the request's CSP header and tags its scripts with it. Or,
   * for a page served again from the share-page cache (lib/share/server/page-cache), the hashes of its inline scripts: its
   * nonce was the first viewer's, so it must not be trusted again. Then scripts load from 'self' (without
   * 'strict-dynamic', which would ignore 'self') and only those exact inline scripts run.
   */
  scripts: { nonce: string } | { inlineHashes: readonly string[] };
  /** `next dev` only: adds 'unsafe-eval', which React's development build needs. */
  development: boolean;
  /** Origins besides 'self' the page may fetch from (the S3 bucket's). */
  connectOrigins: readonly string[];
  /** The full `frame-ancestors …` directive: 'none' for every page, the allowed origins for /embed/<id>. */
  frameAncestors: string;
  /**
   * The exact script URLs (origin and path) the page may start as a dedicated worker; none: `worker-src 'none'`.
   * Never 'self': that would let any script of this origin (an uploaded object served back, say) run as a worker.
   */
  workerScripts: readonly string[];
}

/** An absolute http(s) URL with nothing a CSP source expression cannot hold (no spaces, quotes, ';' or ','). */
function isPlainScriptUrl(value: string): boolean {
  return /^https?:\/\/[A-Za-z0-9.\-[\]:]+\/[A-Za-z0-9._\-/]+$/.test(value);
}

function scriptSources({ scripts }: Pick<PageCspOptions, 'scripts'>): string {
  if ('nonce' in scripts) return `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'`;
  return ["'self'", ...scripts.inlineHashes.map((hash) => `'${hash}'`)].join(' ');
}

export function pageCsp({ scripts, development, connectOrigins, frameAncestors, workerScripts }: PageCspOptions): string {
  const workers = workerScripts.filter(isPlainScriptUrl);
  return [
    "default-src 'self'",
    `script-src ${scriptSources({ scripts })}${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectOrigins].join(' '),
    workers.length > 0 ? ['worker-src', ...workers].join(' ') : "worker-src 'none'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    frameAncestors,
  ].join('; ');
}

/** 128 random bits, base64: unguessable per response. Web Crypto, so this runs in any runtime. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface StorageCspConfig {
  STORAGE: 'local' | 's3';
  S3_BUCKET?: string | undefined;
  S3_REGION: string;
  S3_ENDPOINT?: string | undefined;
  S3_FORCE_PATH_STYLE: boolean;
}

/**
 * Origins the browser reaches the bucket at (presigned uploads and downloads go straight there). With a custom
 * endpoint: the endpoint itself (path-style) and, unless path-style is forced, `<bucket>.<endpoint host>`. On AWS the
 * SDK's regional hosts. Both addressing styles are listed when not forced, because the SDK falls back to path-style
 * for bucket names that cannot be a host name; both are the same bucket's.
 */
export function storageConnectOrigins(config: StorageCspConfig): string[] {
  if (config.STORAGE !== 's3' || !config.S3_BUCKET) return [];
  const bucket = config.S3_BUCKET;
  const base = config.S3_ENDPOINT ? new URL(config.S3_ENDPOINT) : new URL(`https://s3.${config.S3_REGION}.amazonaws.com`);
  const origins = [base.origin];
  // Only a name that is a valid host label sequence can be virtual-hosted (and cannot break the header's syntax).
  const hostable = !config.S3_FORCE_PATH_STYLE && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket);
  if (hostable) origins.push(`${base.protocol}//${bucket}.${base.host}`);
  if (!config.S3_ENDPOINT && config.S3_REGION === 'us-east-1') {
    // The legacy global endpoint some SDK versions still sign for us-east-1.
    origins.push('https://s3.amazonaws.com');
    if (hostable) origins.push(`https://${bucket}.s3.amazonaws.com`);
  }
  return [...new Set(origins)];
}
