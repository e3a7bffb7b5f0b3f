import 'server-only';
import { isStorageError, type StorageErrorCode } from '@/lib/storage';
import { InvalidDatasetIdError } from './dataset-ids';
import type { DatasetErrorCode, DatasetFailure } from './dataset-types';

/** A refusal with a message meant for the analyst; anything else that escapes the services is logged, not shown. */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  readonly retryable: boolean;

  constructor({ code, message, retryable = false }: { code: DatasetErrorCode; message: string; retryable?: boolean }) {
    super(message);
    this.name = 'DatasetError';
    this.code = code;
    this.retryable = retryable;
  }
}

export function failDataset(args: { code: DatasetErrorCode; message: string; retryable?: boolean }): never {
  throw new DatasetError(args);
}

const FROM_STORAGE: Record<StorageErrorCode, DatasetErrorCode> = {
  invalid_key: 'invalid_input',
  invalid_argument: 'invalid_input',
  not_found: 'not_found',
  too_large: 'too_large',
  forbidden: 'storage',
  unsupported: 'invalid_input',
  conflict: 'storage',
  backend: 'storage',
};

/** Turns whatever a service threw into the plain failure an action returns. */
export function toDatasetFailure({ error, action }: { error: unknown; action: string }): DatasetFailure {
  if (error instanceof DatasetError) {
    return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
  }
  if (error instanceof InvalidDatasetIdError) {
    return { ok: false, code: 'invalid_input', message: error.message, retryable: false };
  }
  if (isStorageError(error)) {
    const code = FROM_STORAGE[error.code];
    if (code === 'storage') console.error(`${action} failed in storage`, error);
    return { ok: false, code, message: error.message, retryable: code === 'storage' };
  }
  console.error(`${action} failed`, error);
  return { ok: false, code: 'storage', message: `${action} failed unexpectedly. Try again; the server log has details.`, retryable: true };
}
