import { createCipheriv } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/**
 * An in-process s3rver on loopback for the S3 tests. s3rver does not check signatures (NOTES quirk 1), so it proves
 * that our URLs and requests are well-formed S3, not that tampering is refused; the local driver's signing tests
 * cover that on our own code path.
 */
export const TEST_BUCKET = 'test-bucket';
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  endpoint: string;
  directory: string;
  close(): Promise<void>;
}

/**
 * s3rver encrypts listing continuation tokens with DES, which Node 20's OpenSSL 3 only offers with the legacy
 * provider (NOTES quirk 2). Without it, listings past 1,000 objects fail deep inside s3rver with a 500; say so up
 * front instead.
 */
function assertLegacyOpenSslProvider(): void {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
  } catch {
    throw new Error(
      's3rver needs the OpenSSL legacy provider for listing continuation tokens (DES). Run the tests with ' +
        "NODE_OPTIONS=--openssl-legacy-provider, or keep `execArgv: ['--openssl-legacy-provider']` in vitest.config.ts.",
    );
  }
}

export async function startS3rver(): Promise<RunningS3rver> {
  assertLegacyOpenSslProvider();
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: TEST_BUCKET }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async close() {
      // Keep-alive sockets of the SDK and fetch would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
