import { expect } from 'vitest';

/**
 * Awaits a promise expected to fail with an `errorClass` of `code` and returns that error for further checks. The
 * services' typed errors (storage, datasets, analyses) are all asserted this way; `what` names the class in the
 * failure message ("a DatasetError").
 */
export async function expectCodedError<E extends Error & { code: string }>({
  promise,
  errorClass,
  code,
  what,
}: {
  promise: Promise<unknown>;
  errorClass: abstract new (...args: never[]) => E;
  code: E['code'];
  what: string;
}): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected ${what} '${code}'`).toBeInstanceOf(errorClass);
  expect((error as E).code).toBe(code);
  return error as E;
}
