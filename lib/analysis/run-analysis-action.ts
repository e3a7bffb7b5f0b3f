import 'server-only';
import type { z } from 'zod';
import { toAnalysisFailure } from './analysis-errors';
import type { AnalysisResult } from './analysis-types';

/**
 * The body every analysis action shares: parse the untrusted input with zod, run the service, and turn any refusal
 * into plain data. Server actions are public HTTP endpoints; their TypeScript signature is not a check.
 */
export async function runAnalysisAction<S extends z.ZodType, T extends object>({
  action,
  schema,
  input,
  work,
}: {
  action: string;
  schema: S;
  input: unknown;
  work: (args: z.output<S>) => Promise<T>;
}): Promise<AnalysisResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'invalid_input', message: `${action}: ${where}${issue?.message ?? 'invalid input'}`, retryable: false };
  }
  try {
    return { ok: true, ...(await work(parsed.data)) };
  } catch (error) {
    return toAnalysisFailure({ error, action });
  }
}
