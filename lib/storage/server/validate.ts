import 'server-only';
import { StorageError } from '../errors';
import type { CompletedPart } from '../types';
import { UPLOAD_ID_PATTERN } from '../upload-id';

/** Argument checks shared by both drivers, so both refuse the same inputs with the same messages. */

/** Reported when an object was stored without a content type (S3 does the same). */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** getObject and getRange read into memory; anything bigger belongs in a download URL. 64 MiB. */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/** S3's page size; also the cap, so a caller cannot make one listing call unbounded. */
const MAX_LIST_LIMIT = 1000;

function invalid(message: string): never {
  throw new StorageError({ code: 'invalid_argument', message });
}

/** Printable ASCII only: the value goes into a signed HTTP header (and, locally, into a signature). */
export function assertContentType({ contentType }: { contentType: string }): void {
  if (typeof contentType !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(contentType) || contentType.trim() !== contentType) {
    invalid(`Invalid content type ${JSON.stringify(contentType)}: printable ASCII, 1-255 characters, no outer spaces`);
  }
}

export function assertUploadSize({ contentLength, maxUploadBytes }: { contentLength: number; maxUploadBytes: number }) {
  if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
    invalid(`Invalid content length ${contentLength}: a whole number of bytes is needed`);
  }
  if (contentLength > maxUploadBytes) {
    throw new StorageError({
      code: 'too_large',
      message: `File is ${contentLength} bytes; the limit is ${maxUploadBytes} bytes (MAX_UPLOAD_MB)`,
    });
  }
}

export function assertReadableRange({ start, end }: { start: number; end: number }): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    invalid(`Invalid range ${start}-${end}: need whole numbers with 0 <= start <= end`);
  }
  if (end - start + 1 > MAX_READ_BYTES) {
    throw new StorageError({
      code: 'too_large',
      message: `Range ${start}-${end} is over ${MAX_READ_BYTES} bytes; read heads and footers, not whole files`,
    });
  }
}

export function clampListLimit({ limit }: { limit?: number }): number {
  if (limit === undefined) return MAX_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) invalid(`Invalid listing limit ${limit}: need a whole number >= 1`);
  return Math.min(limit, MAX_LIST_LIMIT);
}

export function assertUploadId({ uploadId }: { uploadId: string }): void {
  if (typeof uploadId !== 'string' || !UPLOAD_ID_PATTERN.test(uploadId)) invalid('Invalid upload id');
}

/** Part numbers 1..10,000, each once, each with an ETag; returned sorted as CompleteMultipartUpload requires. */
export function normaliseCompletedParts({ parts }: { parts: CompletedPart[] }): CompletedPart[] {
  if (!Array.isArray(parts) || parts.length === 0) invalid('completeUpload needs at least one part');
  const seen = new Set<number>();
  for (const part of parts) {
    if (!Number.isSafeInteger(part.partNumber) || part.partNumber < 1 || part.partNumber > 10_000) {
      invalid(`Invalid part number ${part.partNumber}: 1 to 10,000`);
    }
    if (seen.has(part.partNumber)) invalid(`Part ${part.partNumber} is listed twice`);
    seen.add(part.partNumber);
    if (typeof part.etag !== 'string' || !/^[\x20-\x7e]{1,256}$/.test(part.etag)) {
      invalid(`Part ${part.partNumber} has no valid ETag`);
    }
  }
  return [...parts].sort((a, b) => a.partNumber - b.partNumber);
}
