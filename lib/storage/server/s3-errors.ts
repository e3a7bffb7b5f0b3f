import 'server-only';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '../errors';

/** Reading SDK errors without letting their types leave the S3 driver. */

export function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

export function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** Any failure as a StorageError('backend') naming the S3 action, keeping the SDK error as the cause. */
export function wrapS3Error(error: unknown, action: string): StorageError {
  if (error instanceof StorageError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StorageError({ code: 'backend', message: `S3 ${action} failed (${detail})`, cause: error });
}
