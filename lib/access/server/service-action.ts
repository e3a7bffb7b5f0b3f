import 'server-only';
import type { z } from 'zod';
import type { ServiceFailure } from './service-errors';
import { SignInRequiredError } from '../sign-in-required';
import { firstIssueText } from '@/lib/text/schema-issue';

export interface ServiceActionArgs<S extends z.ZodType, T extends object> {
  /** What the action does, in words ("Renaming"): the start of every failure message. */
  action: string;
  schema: S;
  input: unknown;
  work: (args: z.output<S>) => Promise<T>;
}

/**
 * The body every server action shares: parse the untrusted input with zod, run the service, and turn any refusal
 * into plain data (`toFailure` is the service's own mapping). Server actions are public HTTP endpoints; their
 * TypeScript signature is not a check.
 */
export async function runServiceAction<S extends z.ZodType, T extends object, F extends ServiceFailure<string>>({
  action,
  schema,
  input,
  work,
  toFailure,
}: ServiceActionArgs<S, T> & {
  toFailure: (args: { error: unknown; action: string }) => F;
}): Promise<({ ok: true } & T) | ServiceFailure<'invalid_input' | 'unauthenticated'> | F> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, code: 'invalid_input', message: `${action}: ${firstIssueText(parsed.error, 'invalid input')}`, retryable: false };
  }
  try {
    return { ok: true, ...(await work(parsed.data)) };
  } catch (error) {
    // No session in a sign-in mode (lib/access/server/caller.ts): the same answer from every action, whatever its service.
    if (error instanceof SignInRequiredError) return { ok: false, code: error.code, message: error.message, retryable: false };
    return toFailure({ error, action });
  }
}
