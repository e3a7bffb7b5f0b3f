import 'server-only';
import { getEnv, type Env } from '@/lib/core/server/env';
import { createLocalStorage, type LocalStorageOptions } from './local';
import { createS3Storage, type S3StorageOptions } from './s3';
import type { StorageDriver } from '../types';

/**
 * The one place that chooses the storage driver. App code calls `getStorage()`; tests call `createStorage()` with
 * explicit options (no environment involved).
 */
export type StorageOptions = ({ kind: 'local' } & LocalStorageOptions) | ({ kind: 's3' } & S3StorageOptions);

const MB = 1024 * 1024;

export function createStorage(options: StorageOptions): StorageDriver {
  return options.kind === 'local' ? createLocalStorage(options) : createS3Storage(options);
}

/** Driver options from the validated environment (see lib/core/server/env.ts for every knob and its default). */
export function storageOptionsFromEnv({ env }: { env: Env }): StorageOptions {
  const common = {
    uploadUrlExpirySeconds: env.UPLOAD_URL_EXPIRY_SECONDS,
    downloadUrlExpirySeconds: env.DOWNLOAD_URL_EXPIRY_SECONDS,
    maxUploadBytes: Math.floor(env.MAX_UPLOAD_MB * MB),
  };
  if (env.STORAGE === 'local') {
    return { kind: 'local', dataDir: env.DATA_DIR, signingSecret: env.SIGNING_SECRET, ...common };
  }
  if (!env.S3_BUCKET) throw new Error('Invalid configuration: S3_BUCKET is required when STORAGE=s3');
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    prefix: env.S3_PREFIX,
    multipartThresholdBytes: env.S3_MULTIPART_THRESHOLD_MB * MB,
    ...common,
  };
}

let memoised: StorageDriver | undefined;

/** The configured driver, created once per process (the S3 client keeps its connection pool). */
export function getStorage(): StorageDriver {
  memoised ??= createStorage(storageOptionsFromEnv({ env: getEnv() }));
  return memoised;
}

/** Tests change the environment between cases; this forgets the memoised driver (pair with resetEnvCache()). */
export function resetStorageCache(): void {
  memoised = undefined;
}

export { StorageError, isStorageError, type StorageErrorCode } from '../errors';
export type { CompletedPart, DownloadUrl, ObjectInfo, ObjectPage, StorageDriver, UploadPlan, UploadPartUrl } from '../types';
