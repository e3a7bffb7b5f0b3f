import { sniffedMetaSchema, type SniffedMeta } from './dataset-meta';
import { decodeAs, decodeHead, looksBinary } from './detect-encoding';
import { detectSignature, kindFromExtension, type ExtensionKind, type Signature } from './detect-format';
import { sanitizeDisplayName } from './sanitize-name';
import { sniffCsv } from './sniff-csv';
import { failSniff, formatBytes, SniffFailure, type SniffErrorCode } from './sniff-errors';
import { sniffJson } from './sniff-json';
import { sniffJsonLines } from './sniff-jsonl';
import { HEAD_BYTES, MAX_XLSX_BYTES } from './sniff-limits';
import { sniffParquet } from './sniff-parquet';
import type { ReadOptions } from './read-options-schema';
import type { FormatSniff, ReadRange, TextHead } from './sniff-types';
import { refuseLargeWorkbook, sniffXlsx } from './sniff-xlsx';

export type { ReadRange } from './sniff-types';
export type { SniffErrorCode } from './sniff-errors';

export interface SniffDatasetInput {
  /** Name the user uploaded the file under; used for the format hint and the display name, never as a path. */
  fileName: string;
  /** Size of the stored object in bytes (from the storage HEAD / stat). */
  size: number;
  /** Ranged read of the stored object; called with at most HEAD_BYTES for text, the footer for Parquet. */
  readRange: ReadRange;
  /**
   * What the analyst corrected (header row, rows to skip, delimiter, separators, quote, encoding, sheet): each field
   * set replaces the guess. The caller checks that they apply to the file's format (lib/files/server/read-options-service.ts).
   */
  readOptions?: ReadOptions;
}

export type SniffResult = { ok: true; meta: SniffedMeta } | { ok: false; code: SniffErrorCode | 'internal_error'; message: string };

/** Guards every read: range inside the file, the promised number of bytes back, storage errors as a clear refusal. */
function checkedReader({ readRange, size, displayName }: { readRange: ReadRange; size: number; displayName: string }): ReadRange {
  return async (start, endInclusive) => {
    if (start < 0 || endInclusive >= size || endInclusive < start) {
      throw new RangeError(`read of bytes ${start}-${endInclusive} is outside a ${size}-byte file`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readRange(start, endInclusive);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failSniff({ code: 'read_failed', message: `“${displayName}” could not be read from storage (${reason}). Try again.` });
    }
    if (bytes.length !== endInclusive - start + 1) {
      failSniff({ code: 'read_failed', message: `“${displayName}” changed or was cut short while being read. Upload it again.` });
    }
    return bytes;
  };
}

async function sha256Hex({ bytes }: { bytes: Uint8Array }): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes.slice());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const COMPRESSED: Partial<Record<Signature, string>> = { gzip: 'gzip', bzip2: 'bzip2', xz: 'xz', zstd: 'Zstandard', '7z': '7-Zip' };

function refuseSignature({ signature, displayName }: { signature: Signature; displayName: string }): never {
  const compression = COMPRESSED[signature];
  if (compression) {
    failSniff({ code: 'unsupported_format', message: `“${displayName}” is compressed with ${compression}. Decompress it and upload the data file inside.` });
  }
  if (signature === 'ole') {
    failSniff({ code: 'unsupported_format', message: `“${displayName}” is a legacy Office (Excel 97-2003) file. Save it as .xlsx or CSV and upload that.` });
  }
  failSniff({ code: 'not_text', message: `“${displayName}” is a ${signature.toUpperCase()} document, not a data table.` });
}

type Sniffed = FormatSniff & { contentHash?: string };

async function sniffWorkbook({
  size,
  read,
  displayName,
  head,
  forced,
}: {
  size: number;
  read: ReadRange;
  displayName: string;
  head?: Uint8Array;
  forced: ReadOptions;
}): Promise<Sniffed> {
  if (size > MAX_XLSX_BYTES) refuseLargeWorkbook({ size, displayName });
  const bytes = head && head.length === size ? head : await read(0, size - 1);
  const sniffed = await sniffXlsx({ bytes, displayName, forced });
  return { ...sniffed, contentHash: await sha256Hex({ bytes }) };
}

function withWarning({ sniffed, warning }: { sniffed: Sniffed; warning: string }): Sniffed {
  return { ...sniffed, warnings: [warning, ...sniffed.warnings] };
}

/** Options that only mean something for a delimited file: setting one reads the file as delimited text. */
function forcesDelimited({ forced }: { forced: ReadOptions }): boolean {
  return ['delimiter', 'skipRows', 'hasHeader', 'decimal', 'thousands', 'quoteChar'].some((name) => name in forced);
}

function sniffText({ head, kind, forced }: { head: TextHead; kind: ExtensionKind; forced: ReadOptions }): FormatSniff {
  if (kind === 'csv' || kind === 'tsv') return sniffCsv({ head, preferTab: kind === 'tsv', forced });
  if (forcesDelimited({ forced }) && kind === 'text') return sniffCsv({ head, preferTab: false, forced });
  if (kind === 'json') return sniffJson({ head });
  if (kind === 'jsonl') return sniffJsonLines({ head });
  // No telling extension: a leading "[" or "{" means JSON (or JSON Lines), anything else a delimited table.
  const first = head.text.trimStart()[0];
  if (first === '[' || first === '{') return sniffJson({ head });
  return sniffCsv({ head, preferTab: false, forced });
}

async function sniffAnyFormat({
  fileName,
  size,
  read,
  displayName,
  forced,
}: {
  fileName: string;
  size: number;
  read: ReadRange;
  displayName: string;
  forced: ReadOptions;
}): Promise<Sniffed> {
  if (size === 0) failSniff({ code: 'empty_file', message: `“${displayName}” is empty (0 bytes).` });
  const kind = kindFromExtension({ fileName });
  if (kind === 'parquet') return sniffParquet({ size, readRange: read, displayName });
  if (kind === 'xlsx') return sniffWorkbook({ size, read, displayName, forced });

  const headLength = Math.min(size, HEAD_BYTES);
  const bytes = await read(0, headLength - 1);
  const complete = headLength === size;
  const signature = detectSignature({ bytes });
  if (signature === 'parquet') {
    try {
      const sniffed = await sniffParquet({ size, readRange: read, displayName });
      return withWarning({ sniffed, warning: `“${displayName}” is named like a text file but is Parquet; it is read as Parquet.` });
    } catch (error) {
      // Text that merely starts with "PAR1" has no Parquet footer: carry on as text.
      if (!(error instanceof SniffFailure && error.code === 'invalid_parquet')) throw error;
    }
  } else if (signature === 'zip') {
    const sniffed = await sniffWorkbook({ size, read, displayName, head: bytes, forced });
    return withWarning({ sniffed, warning: `“${displayName}” is named like a text file but is an Excel workbook; it is read as .xlsx.` });
  } else if (signature) {
    refuseSignature({ signature, displayName });
  }

  const decoded = forced.encoding ? decodeAs({ bytes, complete, encoding: forced.encoding }) : decodeHead({ bytes, complete });
  if (decoded.kind === 'binary' || looksBinary({ text: decoded.text })) {
    const why = decoded.kind === 'binary' ? decoded.reason : 'it is mostly control characters';
    failSniff({
      code: 'not_text',
      message: forced.encoding
        ? `“${displayName}” cannot be read as ${forced.encoding} (${why}). Choose another encoding.`
        : `“${displayName}” is not a text file (${why}). Upload CSV, TSV, JSON, JSON Lines, Parquet or .xlsx.`,
    });
  }
  if (decoded.text.trim() === '') {
    failSniff({
      code: 'empty_file',
      message: complete
        ? `“${displayName}” contains only whitespace.`
        : `The first ${formatBytes({ bytes: HEAD_BYTES })} of “${displayName}” are blank; no table starts there.`,
    });
  }
  const head: TextHead = { text: decoded.text, encoding: decoded.encoding, bomLength: decoded.bomLength, complete, size, displayName };
  const sniffed = sniffText({ head, kind, forced });
  return complete ? { ...sniffed, contentHash: await sha256Hex({ bytes }) } : sniffed;
}

/**
 * Reads just enough of a stored file to describe it: the first HEAD_BYTES of a text file, the footer of a Parquet
 * file, a whole .xlsx only up to MAX_XLSX_BYTES. Cost does not depend on file size. Never throws for bad files:
 * every refusal is `{ ok: false, code, message }` with a message meant for the person who uploaded the file.
 */
export async function sniffDataset({ fileName, size, readRange, readOptions = {} }: SniffDatasetInput): Promise<SniffResult> {
  const displayName = sanitizeDisplayName({ name: fileName });
  try {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid file size ${String(size)}`);
    const read = checkedReader({ readRange, size, displayName });
    const sniffed = await sniffAnyFormat({ fileName, size, read, displayName, forced: readOptions });
    const meta = sniffedMetaSchema.parse({ ...sniffed, displayName, size });
    return { ok: true, meta };
  } catch (error) {
    if (error instanceof SniffFailure) return { ok: false, code: error.code, message: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'internal_error', message: `“${displayName}” could not be described because of an internal error (${reason}).` };
  }
}
