import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionResultSchema, readActionResult } from './action-result';

const failure = z.object({ ok: z.literal(false), code: z.enum(['not_found', 'storage']), message: z.string(), retryable: z.boolean() });
const schema = actionResultSchema({ value: z.object({ item: z.object({ id: z.string(), count: z.number().int() }) }), failure });
const read = (result: unknown) => readActionResult({ action: 'Counting', schema, result });
const malformed = (detail: string) => ({
  ok: false,
  code: 'malformed_response',
  message: `Counting: the server's answer could not be read (${detail}). Reload the page and try again.`,
  retryable: true,
});

describe('readActionResult', () => {
  it('hands on a well-formed answer and a well-formed refusal as they are', () => {
    expect(read({ ok: true, item: { id: 'a', count: 2 } })).toEqual({ ok: true, item: { id: 'a', count: 2 } });
    const refusal = { ok: false, code: 'not_found', message: 'No such item.', retryable: false };
    expect(read(refusal)).toEqual(refusal);
  });

  it('turns anything else into a failure naming the action and the first field that does not fit', () => {
    expect(read({ ok: true, item: { id: 'a', count: '2' } })).toEqual(malformed('item.count: Invalid input: expected number, received string'));
    expect(read({ ok: true })).toEqual(malformed('item: Invalid input: expected object, received undefined'));
    expect(read({ item: { id: 'a', count: 2 } })).toEqual(malformed("ok: Invalid discriminator value. Expected 'true' | 'false'"));
    expect(read({ ok: false, code: 'teapot', message: 'short and stout', retryable: false })).toEqual(
      malformed('code: Invalid option: expected one of "not_found"|"storage"'),
    );
    expect(read('<!DOCTYPE html><title>502 Bad Gateway</title>')).toEqual(malformed('Invalid input: expected object, received string'));
    expect(read(undefined)).toEqual(malformed('Invalid input: expected object, received undefined'));
  });

  it('keeps the message short whatever the answer holds', () => {
    const hostile = { ok: true, item: { id: 'a', count: 1 }, [`${'x'.repeat(5000)}`]: 1 };
    expect(read(hostile)).toMatchObject({ ok: true });
    const deep = actionResultSchema({ value: z.object({ [`k${'y'.repeat(400)}`]: z.string() }), failure });
    expect(readActionResult({ action: 'Deep', schema: deep, result: { ok: true } })).toMatchObject({
      code: 'malformed_response',
      message: expect.stringMatching(/^Deep: the server's answer could not be read \(ky{299}\)\. Reload the page and try again\.$/),
    });
  });
});
