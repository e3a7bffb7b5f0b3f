import { describe, expect, it } from 'vitest';
import { newNonce, pageCsp, storageConnectOrigins } from './page-csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

const WORKER = 'http://127.0.0.1:3000/datasets/disk-cache.worker.mjs';
const BASE = { scripts: { nonce: 'abc123==' }, development: false, connectOrigins: [], frameAncestors: "frame-ancestors 'none'", workerScripts: [WORKER] };

describe('pageCsp', () => {
  it('allows only nonce-tagged scripts, never eval or inline scripts', () => {
    const csp = directives(pageCsp(BASE));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(pageCsp(BASE)).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('adds unsafe-eval only for next dev', () => {
    expect(directives(pageCsp({ ...BASE, development: true })).get('script-src')).toContain("'unsafe-eval'");
  });

  it('has the fixed directives of every page', () => {
    const csp = directives(pageCsp(BASE));
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('frame-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual([WORKER]);
  });

  it('allows exactly the listed worker scripts, never a whole origin, and none when none is listed', () => {
    expect(directives(pageCsp({ ...BASE, workerScripts: [] })).get('worker-src')).toEqual(["'none'"]);
    // A Host header is the client's to write: anything that could break out of the source list is dropped.
    const hostile = ['http://evil; script-src *', "http://a/b 'unsafe-eval'", 'http://a,b/c', 'blob:', "'self'", 'http://127.0.0.1:3000'];
    expect(directives(pageCsp({ ...BASE, workerScripts: hostile })).get('worker-src')).toEqual(["'none'"]);
  });

  it('lists the bucket in connect-src and the embed’s allowed parents in frame-ancestors', () => {
    const csp = directives(pageCsp({ ...BASE, connectOrigins: ['http://127.0.0.1:9000'], frameAncestors: 'frame-ancestors https://blog.example' }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:9000']);
    expect(csp.get('frame-ancestors')).toEqual(['https://blog.example']);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    expect(Buffer.from([...nonces][0]!, 'base64')).toHaveLength(16);
  });
});

describe('storageConnectOrigins', () => {
  const S3 = { STORAGE: 's3' as const, S3_BUCKET: 'team-data', S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: false };

  it('is empty for local storage (signed app URLs are same-origin)', () => {
    expect(storageConnectOrigins({ ...S3, STORAGE: 'local' })).toEqual([]);
  });

  it('names a custom endpoint, path-style only when forced', () => {
    expect(storageConnectOrigins({ ...S3, S3_ENDPOINT: 'http://127.0.0.1:9000/', S3_FORCE_PATH_STYLE: true })).toEqual(['http://127.0.0.1:9000']);
    expect(storageConnectOrigins({ ...S3, S3_ENDPOINT: 'https://acct.r2.example.com' })).toEqual([
      'https://acct.r2.example.com',
      'https://team-data.acct.r2.example.com',
    ]);
  });

  it('names the AWS regional hosts of the bucket', () => {
    expect(storageConnectOrigins(S3)).toEqual(['https://s3.eu-west-1.amazonaws.com', 'https://team-data.s3.eu-west-1.amazonaws.com']);
    expect(storageConnectOrigins({ ...S3, S3_REGION: 'us-east-1' })).toContain('https://team-data.s3.amazonaws.com');
  });

  it('never puts a bucket name that is not a host name into the header', () => {
    expect(storageConnectOrigins({ ...S3, S3_BUCKET: "x; script-src 'unsafe-eval'" })).toEqual(['https://s3.eu-west-1.amazonaws.com']);
  });
});

describe('pageCsp for a page served again from the share-page cache', () => {
  it('trusts exactly the cached inline scripts and scripts from this origin, and no nonce', () => {
    const csp = directives(pageCsp({ ...BASE, scripts: { inlineHashes: ['sha256-AAAA', 'sha256-BBBB'] } }));
    expect(csp.get('script-src')).toEqual(["'self'", "'sha256-AAAA'", "'sha256-BBBB'"]);
  });
});
