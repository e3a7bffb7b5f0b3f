/** Why a file could not be registered. Each code comes with a message written for the person who uploaded it. */
export type SniffErrorCode =
  | 'empty_file'
  | 'not_text'
  | 'unsupported_format'
  | 'too_large'
  | 'row_too_long'
  | 'invalid_json'
  | 'unsupported_json_shape'
  | 'invalid_jsonl'
  | 'invalid_parquet'
  | 'invalid_xlsx'
  | 'read_failed';

/**
 * Thrown inside the per-format sniffers and turned into `{ ok: false }` at the sniffDataset boundary, so deep helpers
 * can stop early without threading a result type through every return.
 */
export class SniffFailure extends Error {
  readonly code: SniffErrorCode;

  constructor({ code, message }: { code: SniffErrorCode; message: string }) {
    super(message);
    this.name = 'SniffFailure';
    this.code = code;
  }
}

export function failSniff({ code, message }: { code: SniffErrorCode; message: string }): never {
  throw new SniffFailure({ code, message });
}

/** Bytes as a short human figure for messages ("256 KB", "1.5 MB"). */
export function formatBytes({ bytes }: { bytes: number }): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1).replace(/\.0$/, '')} GB`;
}
