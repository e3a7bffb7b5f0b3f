import 'server-only';
import type { z } from 'zod';
import type { StorageDriver } from '../types';

/**
 * The app's own JSON records in storage (dataset metas, upload records, analyses, owner index entries): read back
 * through zod, because storage is shared state that an older version, a crash or a person may have left in any shape.
 */

async function readJson({ storage, key }: { storage: StorageDriver; key: string }): Promise<unknown> {
  const bytes = await storage.getObject({ key });
  if (bytes === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * The object at `key` as `schema` parses it, or null: when nothing is stored there, and when what is stored is not
 * JSON, fails the schema or fails `accept` (checks the schema cannot make, such as the id inside matching the key).
 * `warnIfInvalid`, when given, is logged in the second case: for records whose silent loss would be worth noticing.
 */
export async function readJsonObject<S extends z.ZodType>({
  storage,
  key,
  schema,
  accept = () => true,
  warnIfInvalid,
}: {
  storage: StorageDriver;
  key: string;
  schema: S;
  accept?: (value: z.output<S>) => boolean;
  warnIfInvalid?: string;
}): Promise<z.output<S> | null> {
  const raw = await readJson({ storage, key });
  if (raw === null) return null;
  const parsed = schema.safeParse(raw);
  if (parsed.success && accept(parsed.data)) return parsed.data;
  if (warnIfInvalid !== undefined) console.warn(warnIfInvalid);
  return null;
}

/** Stores `value` as JSON. Callers parse it with its schema first, so storage never holds a record they could not read. */
export async function writeJsonObject({ storage, key, value }: { storage: StorageDriver; key: string; value: unknown }): Promise<void> {
  await storage.putObject({ key, body: JSON.stringify(value), contentType: 'application/json' });
}
