/**
 * Typed storage errors: a code callers can branch on, a message written for people, and the HTTP status a route
 * should answer with. Driver-specific failures (S3 service errors, file-system errors) are wrapped in these so no
 * SDK error type leaks past lib/storage/server.
 */
export type StorageErrorCode =
  /** A key or prefix failed validation (`keys.ts`). */
  | 'invalid_key'
  /** A range, cursor, size, part list or upload id that makes no sense. */
  | 'invalid_argument'
  /** The object does not exist (only for calls that cannot answer null). */
  | 'not_found'
  /** Bigger than MAX_UPLOAD_MB, or too big for a whole-object read. */
  | 'too_large'
  /** A signed URL was altered, expired, or used for another method, key or length. */
  | 'forbidden'
  /** The operation is not available with this driver. */
  | 'unsupported'
  /** Another object occupies the path (local driver: `a/b` exists as a file and `a/b/c` is written). */
  | 'conflict'
  /** The backing store failed (network, disk, service error). */
  | 'backend';

const HTTP_STATUS: Record<StorageErrorCode, number> = {
  invalid_key: 400,
  invalid_argument: 400,
  not_found: 404,
  too_large: 413,
  forbidden: 403,
  unsupported: 501,
  conflict: 409,
  backend: 502,
};

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(args: { code: StorageErrorCode; message: string; cause?: unknown }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.name = 'StorageError';
    this.code = args.code;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isStorageError(value: unknown): value is StorageError {
  return value instanceof StorageError;
}
