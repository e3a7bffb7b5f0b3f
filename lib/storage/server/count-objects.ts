import 'server-only';
import type { StorageDriver } from '../types';

/**
 * How many objects are under `prefix`, counted page by page but never past `atMost`: enough to compare an owner's
 * objects with a cap without listing all of them.
 */
export async function countObjects({ storage, prefix, atMost }: { storage: StorageDriver; prefix: string; atMost: number }): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const listed = await storage.listObjects({ prefix, ...(cursor ? { cursor } : {}) });
    count += listed.objects.length;
    cursor = listed.nextCursor;
  } while (cursor && count < atMost);
  return Math.min(count, atMost);
}
