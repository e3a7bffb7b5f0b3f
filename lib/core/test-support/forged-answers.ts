import { expect, it } from 'vitest';
import type { z } from 'zod';
import { readActionResult } from '../action-result';

/** A forged answer to one action, as a broken server, a proxy or a stale deployment could send it, and the field the page names. */
export interface ForgedAnswer {
  forged: unknown;
  detail: string;
}

/**
 * One test per action: the page's parser turns its forged answer into a `malformed_response` failure naming the
 * field, never into data. `forged` has an entry for every action of `schemas`, so a new action cannot go untested.
 */
export function itRefusesForgedAnswers<Schemas extends Record<string, z.ZodType>>({
  schemas,
  forged,
}: {
  schemas: Schemas;
  forged: Record<keyof Schemas & string, ForgedAnswer>;
}): void {
  // `forged` is keyed by exactly the keys of `schemas`, so each action's key reads its own entry.
  const cases = Object.entries(schemas).map(([action, schema]): [string, ForgedAnswer, z.ZodType] => [
    action,
    forged[action as keyof Schemas & string],
    schema,
  ]);
  it.each(cases)('%s: a forged answer is a failure that says which field, never data', (_action, { forged: answer, detail }, schema) => {
    expect(readActionResult({ action: 'Doing it', schema, result: answer })).toEqual({
      ok: false,
      code: 'malformed_response',
      message: `Doing it: the server's answer could not be read (${detail}). Reload the page and try again.`,
      retryable: true,
    });
  });
}
