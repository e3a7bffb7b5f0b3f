import { z } from 'zod';
import { newRandomId, RANDOM_ID_PATTERN, toBase64Url } from '@/lib/core/random-id';

/**
 * Dataset ids and the storage keys built from them. An id is 128 random bits in base64url (22 characters), so ids
 * cannot be guessed or enumerated and need no coordination between stateless servers. Every id that arrives from
 * a browser is checked against the canonical form before it goes anywhere near a key: with a strict pattern, no
 * id can smuggle a '/', '..' or a control character into `datasets/<id>/`.
 *
 * No `server-only` marker: the page uses `isDatasetId` and the pattern to validate input early, too.
 */

export const DATASET_ID_PATTERN = RANDOM_ID_PATTERN;

/** The one check of a dataset id in a schema: actions, the Ask routes, saves and stored records all use it. */
export const datasetIdSchema = z.string().regex(DATASET_ID_PATTERN, 'not a dataset id');

/** Where the app keeps everything it owns; `import from prefix` never registers objects from here. */
export const DATASETS_ROOT = 'datasets/';

export function isDatasetId(value: unknown): value is string {
  return typeof value === 'string' && DATASET_ID_PATTERN.test(value);
}

/** A fresh random id. */
export function newDatasetId(): string {
  return newRandomId();
}

/**
 * The id of the dataset that imports the bucket object `key`: the first 128 bits of SHA-256 over the key. Being
 * derived from the key, a second import of the same object finds the first (no duplicates, even when two imports
 * race), without an index to keep in step.
 */
export async function importedDatasetId({ key }: { key: string }): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`import\u0000${key}`));
  return toBase64Url({ bytes: new Uint8Array(digest).slice(0, 16) });
}

export class InvalidDatasetIdError extends Error {
  constructor({ id }: { id: unknown }) {
    super(`Invalid dataset id ${JSON.stringify(String(id)).slice(0, 60)}: expected 22 base64url characters.`);
    this.name = 'InvalidDatasetIdError';
  }
}

function assertDatasetId({ id }: { id: unknown }): void {
  if (!isDatasetId(id)) throw new InvalidDatasetIdError({ id });
}

/** `datasets/<id>/`: everything the app stores for one dataset (data file, meta.json, pending upload record). */
export function datasetPrefix({ id }: { id: string }): string {
  assertDatasetId({ id });
  return `${DATASETS_ROOT}${id}/`;
}

export function metaKey({ id }: { id: string }): string {
  return `${datasetPrefix({ id })}meta.json`;
}

/** The record of an upload that was planned but not registered yet (see upload-service.ts). */
export function pendingUploadKey({ id }: { id: string }): string {
  return `${datasetPrefix({ id })}upload.json`;
}

/** `fileName` must already be a safeFileName(); names that would collide with the app's own records are refused. */
export function dataKey({ id, fileName }: { id: string; fileName: string }): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(fileName) || fileName === 'meta.json' || fileName === 'upload.json') {
    throw new Error(`Not a safe data file name: ${JSON.stringify(fileName)}`);
  }
  return `${datasetPrefix({ id })}${fileName}`;
}

/** The dataset id a key belongs to when it is one of the app's own `datasets/<id>/…` keys; else null. */
export function datasetIdOfKey({ key }: { key: string }): string | null {
  if (!key.startsWith(DATASETS_ROOT)) return null;
  const id = key.slice(DATASETS_ROOT.length).split('/')[0];
  return isDatasetId(id) ? id : null;
}
