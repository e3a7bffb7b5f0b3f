import 'server-only';
import type { z } from 'zod';
import { toDatasetFailure } from './dataset-errors';
import type { ActionResult } from './dataset-types';

/**
 * The body every dataset action shares: parse the untrusted input with zod, run the service, and turn any refusal
 * into plain data. Server actions are public HTTP endpoints; their TypeScript signature is not a check.
 */
export async function runDatasetAction<S extends z.ZodType, T extends object>({
  action,
  schema,
  input,
  work,
}: {
  action: string;
  schema: S;
  input: unknown;
  work: (args: z.output<S>) => Promise<T>;
}): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'invalid_input', message: `${action}: ${where}${issue?.message ?? 'invalid input'}`, retryable: false };
  }
  try {
    const value = await work(parsed.data);
    return { ok: true, ...value };
  } catch (error) {
    return toDatasetFailure({ error, action });
  }
}
