import 'server-only';
import { ServiceError, toServiceFailure, type ServiceErrorInit } from '@/lib/access/server/service-errors';
import type { AnalysisErrorCode, AnalysisFailure } from '../analysis-types';

/** A refusal of the analysis services (see ServiceError); its own class, so a dataset refusal is not taken for it. */
export class AnalysisError extends ServiceError<AnalysisErrorCode> {
  override name = 'AnalysisError';
}

export function failAnalysis(args: ServiceErrorInit<AnalysisErrorCode>): never {
  throw new AnalysisError(args);
}

/** Turns whatever a service threw into the plain failure an action or route returns. */
export function toAnalysisFailure({ error, action }: { error: unknown; action: string }): AnalysisFailure {
  return toServiceFailure({ error, action, errorClass: AnalysisError });
}

/** HTTP status for a failure returned by a route handler. */
export function statusOfFailure({ code }: { code: AnalysisErrorCode }): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'too_large':
      return 413;
    case 'unauthenticated':
      return 401;
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
    case 'quota':
      return 409;
  }
}
