import { z } from 'zod';
import { firstIssueText } from '@/lib/text/schema-issue';
import { fitText } from '@/lib/text/cut-text';

/**
 * The page's side of the files, share and access server actions. Each answers `{ ok: true, …value }` or its step's
 * failure `{ ok: false, code, message, retryable }` (errors are data, so their messages survive Next's production error
 * masking). What arrives in the page is whatever the server, a proxy or a stale deployment sent, whatever the action's
 * declared type says: the page parses it with the schema its step defines beside the result type, and an answer that
 * does not fit becomes a failure that says which action and which field, never data.
 */

/** The failure the page makes of an answer that does not fit its schema. Retryable: a redeploy or a proxy hiccup passes. */
export interface MalformedActionResult {
  ok: false;
  code: 'malformed_response';
  message: string;
  retryable: true;
}

/** `{ ok: true, …value }` or the step's failure, told apart by `ok`. */
export function actionResultSchema<VALUE extends z.ZodRawShape, FAILURE extends z.ZodObject<{ ok: z.ZodLiteral<false> } & z.ZodRawShape>>({
  value,
  failure,
}: {
  value: z.ZodObject<VALUE>;
  failure: FAILURE;
}) {
  return z.discriminatedUnion('ok', [z.object({ ...value.shape, ok: z.literal(true) }), failure]);
}

/** `result` as `schema` reads it, or a failure naming the action and the first field that does not fit. */
export function readActionResult<SCHEMA extends z.ZodType>({
  action,
  schema,
  result,
}: {
  /** What the action does, for people: "Renaming", "Listing datasets"… */
  action: string;
  schema: SCHEMA;
  result: unknown;
}): z.output<SCHEMA> | MalformedActionResult {
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const detail = fitText(firstIssueText(parsed.error, 'unexpected shape'), 300);
  return {
    ok: false,
    code: 'malformed_response',
    message: `${action}: the server's answer could not be read (${detail}). Reload the page and try again.`,
    retryable: true,
  };
}
