import 'server-only';
import type { z } from 'zod';
import { runServiceAction, type ServiceActionArgs } from '@/lib/access/server/service-action';
import { toAnalysisFailure } from './analysis-errors';
import type { AnalysisResult } from '../analysis-types';

/** The body every analysis action shares (see runServiceAction), with the analysis failure mapping. */
export function runAnalysisAction<S extends z.ZodType, T extends object>(args: ServiceActionArgs<S, T>): Promise<AnalysisResult<T>> {
  return runServiceAction({ ...args, toFailure: toAnalysisFailure });
}
