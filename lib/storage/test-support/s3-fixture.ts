import { createStorage } from '../server/index';
import type { S3StorageDriver, S3StorageOptions } from '../server/s3';
import { S3RVER_CREDENTIALS, TEST_BUCKET, startS3rver, type RunningS3rver } from './s3rver-server';
import type { ContractFixture } from './storage-contract';

const S3_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
export const MIB = 1024 * 1024;

export function s3Options({ endpoint, ...overrides }: { endpoint: string } & Partial<S3StorageOptions>): S3StorageOptions {
  return {
    bucket: TEST_BUCKET,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    prefix: 'app-prefix/',
    multipartThresholdBytes: 5 * MIB,
    minPartSizeBytes: 5 * MIB,
    uploadUrlExpirySeconds: 3600,
    downloadUrlExpirySeconds: 300,
    maxUploadBytes: S3_MAX_UPLOAD_BYTES,
    credentials: S3RVER_CREDENTIALS,
    ...overrides,
  };
}

export async function setupS3(overrides: Partial<S3StorageOptions> = {}): Promise<ContractFixture & { server: RunningS3rver; driver: S3StorageDriver }> {
  const server = await startS3rver();
  const driver = createStorage({ kind: 's3', ...s3Options({ endpoint: server.endpoint, ...overrides }) }) as S3StorageDriver;
  return {
    driver,
    server,
    maxUploadBytes: S3_MAX_UPLOAD_BYTES,
    request: ({ url, init }) => fetch(url, init),
    async close() {
      driver.client.destroy();
      await server.close();
    },
  };
}
