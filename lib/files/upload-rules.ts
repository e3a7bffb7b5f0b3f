import { formatBytes } from '@/lib/files/sniff/sniff-errors';

/**
 * What may be uploaded, shared by the page (to refuse early, before a byte moves) and the server (which decides).
 * No `server-only` marker on purpose. The content type sent to storage is chosen here from the extension, never
 * taken from the browser, whose `File.type` is empty or guessed by the operating system.
 */
export const ACCEPTED_EXTENSIONS = ['csv', 'tsv', 'txt', 'json', 'jsonl', 'ndjson', 'parquet', 'xlsx'] as const;
export type AcceptedExtension = (typeof ACCEPTED_EXTENSIONS)[number];

const CONTENT_TYPES: Record<AcceptedExtension, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** For `<input accept>`: ".csv,.tsv,…". */
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.map((extension) => `.${extension}`).join(',');

const ACCEPTED_LIST = 'CSV, TSV, TXT, JSON, JSONL/NDJSON, Parquet or XLSX';

export function extensionOf({ name }: { name: string }): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isAcceptedExtension(value: string): value is AcceptedExtension {
  return (ACCEPTED_EXTENSIONS as readonly string[]).includes(value);
}

export function contentTypeFor({ extension }: { extension: AcceptedExtension }): string {
  return CONTENT_TYPES[extension];
}

export type UploadRefusal = { code: 'unsupported_type' | 'too_large' | 'empty_file'; message: string };

/**
 * Why a file cannot be uploaded, or null. `name` should be the sanitised display name (the extension is judged on
 * what will be stored, not on what a hostile name pretends).
 */
export function checkUploadFile({ name, size, maxUploadBytes }: { name: string; size: number; maxUploadBytes: number }): UploadRefusal | null {
  const extension = extensionOf({ name });
  if (!isAcceptedExtension(extension)) {
    const what = extension ? `.${extension} files are` : 'Files without an extension are';
    return { code: 'unsupported_type', message: `“${name}” cannot be uploaded: ${what} not supported. Upload ${ACCEPTED_LIST}.` };
  }
  if (size === 0) return { code: 'empty_file', message: `“${name}” is empty (0 bytes); there is nothing to analyse.` };
  if (size > maxUploadBytes) {
    return {
      code: 'too_large',
      message: `“${name}” is ${formatBytes({ bytes: size })}; the largest upload allowed is ${formatBytes({ bytes: maxUploadBytes })}.`,
    };
  }
  return null;
}
