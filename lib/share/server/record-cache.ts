import 'server-only';
import type { StorageDriver } from '@/lib/storage/server';
import type { AnalysisRecord } from '../analysis-record';

/**
 * Share links are read far more often than written: proxy.ts, the share or embed page, its figures and the cached
 * page server (lib/share/server/page-cache) each need the record. A copy kept for RECORD_TTL_MS per server process saves
 * the storage read and the schema check on all but one of them. Writes and deletes through this process forget the
 * copy at once; another instance's change is seen within RECORD_TTL_MS. Expiry is computed from the copy at each use,
 * so it stays exact. The map lives on globalThis because instrumentation.ts and the app's route bundles load their
 * own copies of this module, and they must share one cache.
 */

const RECORD_TTL_MS = 1000;
const MAX_ENTRIES = 5000;
const KEY = Symbol.for('ask-your-data.analysis-record-cache');

interface Entry {
  storage: StorageDriver;
  record: AnalysisRecord | null;
  readAt: number;
}

function entries(): Map<string, Entry> {
  const holder = globalThis as { [KEY]?: Map<string, Entry> };
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The record through the cache; `read` is the storage read used on a miss (analysis-store's readRecord). */
export async function readRecordCached({
  storage,
  id,
  read,
  now = Date.now(),
}: {
  storage: StorageDriver;
  id: string;
  read: (args: { storage: StorageDriver; id: string }) => Promise<AnalysisRecord | null>;
  now?: number;
}): Promise<AnalysisRecord | null> {
  const map = entries();
  const hit = map.get(id);
  if (hit && hit.storage === storage && now - hit.readAt < RECORD_TTL_MS) return hit.record;
  const record = await read({ storage, id });
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value ?? '');
  map.set(id, { storage, record, readAt: now });
  return record;
}

/** Called on every write or delete of a record in this process. */
export function forgetRecord({ id }: { id: string }): void {
  entries().delete(id);
}
