import 'server-only';
import { ServiceError, toServiceFailure, type ServiceErrorInit } from '@/lib/access/server/service-errors';
import { InvalidDatasetIdError } from '../dataset-ids';
import type { DatasetErrorCode, DatasetFailure } from '../dataset-types';

/** A refusal of the dataset services (see ServiceError); its own class, so an analysis refusal is not taken for it. */
export class DatasetError extends ServiceError<DatasetErrorCode> {
  override name = 'DatasetError';
}

export function failDataset(args: ServiceErrorInit<DatasetErrorCode>): never {
  throw new DatasetError(args);
}

/** Turns whatever a service threw into the plain failure an action returns. */
export function toDatasetFailure({ error, action }: { error: unknown; action: string }): DatasetFailure {
  // An id that fails the pattern is thrown below the services (key builders), so it is not a DatasetError.
  if (error instanceof InvalidDatasetIdError) {
    return { ok: false, code: 'invalid_input', message: error.message, retryable: false };
  }
  return toServiceFailure({ error, action, errorClass: DatasetError });
}
