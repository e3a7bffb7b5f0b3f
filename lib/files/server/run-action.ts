import 'server-only';
import type { z } from 'zod';
import { runServiceAction, type ServiceActionArgs } from '@/lib/access/server/service-action';
import { toDatasetFailure } from './dataset-errors';
import type { ActionResult } from '../dataset-types';

/** The body every dataset action shares (see runServiceAction), with the dataset failure mapping. */
export function runDatasetAction<S extends z.ZodType, T extends object>(args: ServiceActionArgs<S, T>): Promise<ActionResult<T>> {
  return runServiceAction({ ...args, toFailure: toDatasetFailure });
}
