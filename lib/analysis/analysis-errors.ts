import 'server-only';
import { isStorageError, type StorageErrorCode } from '@/lib/storage';
import type { AnalysisErrorCode, AnalysisFailure } from './analysis-types';

/** A refusal with a message meant for people; anything else that escapes the services is logged, not shown. */
export class AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
  readonly retryable: boolean;

  constructor({ code, message, retryable = false }: { code: AnalysisErrorCode; message: string; retryable?: boolean }) {
    super(message);
    this.name = 'AnalysisError';
    this.code = code;
    this.retryable = retryable;
  }
}

export function failAnalysis(args: { code: AnalysisErrorCode; message: string; retryable?: boolean }): never {
  throw new AnalysisError(args);
}

const FROM_STORAGE: Record<StorageErrorCode, AnalysisErrorCode> = {
  invalid_key: 'invalid_input',
  invalid_argument: 'invalid_input',
  not_found: 'not_found',
  too_large: 'too_large',
  forbidden: 'storage',
  unsupported: 'invalid_input',
  conflict: 'storage',
  backend: 'storage',
};

/** Turns whatever a service threw into the plain failure an action or route returns. */
export function toAnalysisFailure({ error, action }: { error: unknown; action: string }): AnalysisFailure {
  if (error instanceof AnalysisError) {
    return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
  }
  if (isStorageError(error)) {
    const code = FROM_STORAGE[error.code];
    if (code === 'storage') console.error(`${action} failed in storage`, error);
    return { ok: false, code, message: error.message, retryable: code === 'storage' };
  }
  console.error(`${action} failed`, error);
  return { ok: false, code: 'storage', message: `${action} failed unexpectedly. Try again; the server log has details.`, retryable: true };
}

/** HTTP status for a failure returned by a route handler. */
export function statusOfFailure({ code }: { code: AnalysisErrorCode }): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'too_large':
      return 413;
    case 'forbidden':
    case 'rerun_disabled':
      return 403;
    case 'not_found':
    case 'dataset_missing':
      return 404;
    case 'revoked':
    case 'expired':
      return 410;
    case 'storage':
      return 503;
  }
}
