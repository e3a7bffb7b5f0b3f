/**
 * A per-key mutex within this process: `withKeyLock(key, fn)` runs `fn` after every earlier holder of `key` has
 * finished. The local driver's single-use upload URLs use it to make "is this upload still pending? then rename the
 * new file into place" (app/api/storage/object PUT) and registration's "read the file, write meta.json"
 * (lib/files/server/register-service.ts) exclusive, so a PUT that passed the first check cannot land between a
 * registration's read and its record. One process only: several processes serving one DATA_DIR are not exclusive
 * here; registration then re-reads the file's ETag after writing its record (register-service.ts).
 */

const tails = new Map<string, Promise<void>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => held);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    // The last holder leaves no entry behind: the map holds only keys with a holder or a waiter.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
