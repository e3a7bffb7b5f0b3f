/**
 * A schema's refusal as one line for people: "turns.0.question: Too big…". Used wherever a request, a stored record
 * or another program's answer fails its zod schema. The path can hold keys the sender chose (a record's keys, an
 * unexpected field), so it is built with String() — a symbol key would make Array.join throw — and callers cut the
 * line to their own cap.
 */

/** The shape of a zod error (classic or mini) this needs. */
export interface SchemaIssues {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** The first issue as "path: message", or `fallback` when the error carries none. */
export function firstIssueText(error: SchemaIssues, fallback: string): string {
  const issue = error.issues[0];
  if (!issue) return fallback;
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
