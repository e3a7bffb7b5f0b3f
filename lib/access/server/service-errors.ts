import 'server-only';
import { isStorageError, type StorageErrorCode } from '@/lib/storage/server';

/**
 * The refusal type of the server services (datasets, analyses), generic in each service's code union. Each service
 * keeps its own subclass so a refusal from one service never passes for another's (`instanceof` tells them apart).
 */

/** The codes a storage failure becomes: every service's code union includes them. */
export type StorageFailureCode = 'invalid_input' | 'not_found' | 'too_large' | 'storage';

export interface ServiceFailure<C extends string> {
  ok: false;
  code: C;
  message: string;
  retryable: boolean;
}

export interface ServiceErrorInit<C extends string> {
  code: C;
  message: string;
  retryable?: boolean;
}

/** A refusal with a message meant for people; anything else that escapes the services is logged, not shown. */
export class ServiceError<C extends string> extends Error {
  readonly code: C;
  readonly retryable: boolean;

  constructor({ code, message, retryable = false }: ServiceErrorInit<C>) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

const FROM_STORAGE: Record<StorageErrorCode, StorageFailureCode> = {
  invalid_key: 'invalid_input',
  invalid_argument: 'invalid_input',
  not_found: 'not_found',
  too_large: 'too_large',
  forbidden: 'storage',
  unsupported: 'invalid_input',
  conflict: 'storage',
  backend: 'storage',
};

/**
 * Turns whatever a service threw into the plain failure an action or route returns: the service's own refusals and
 * storage errors keep their message; anything else is logged and answered with a generic, retryable one.
 */
export function toServiceFailure<C extends string>({
  error,
  action,
  errorClass,
}: {
  error: unknown;
  action: string;
  /** The service's own ServiceError subclass; another service's refusal is unexpected here. */
  errorClass: new (
    init: ServiceErrorInit<C>,
  ) => ServiceError<C>;
}): ServiceFailure<C | StorageFailureCode> {
  if (error instanceof errorClass) {
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
