/**
 * What a file claims to be (its extension) and what its first bytes say it is. Content wins for formats with an
 * unmistakable signature (Parquet, zip, compressed or legacy Office files); the extension decides among text formats.
 */

export type ExtensionKind = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx' | 'text';

const EXTENSIONS: Record<string, ExtensionKind> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
  parq: 'parquet',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  // A legacy .xls is an OLE file; it goes down the workbook path, which names the problem precisely.
  xls: 'xlsx',
};

/** The kind named by the extension; 'text' for .txt, .dat, no extension or anything unknown (content decides). */
export function kindFromExtension({ fileName }: { fileName: string }): ExtensionKind {
  const base = fileName.split(/[/\\]/).at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'text';
  return EXTENSIONS[base.slice(dot + 1).toLowerCase()] ?? 'text';
}

export type Signature = 'parquet' | 'zip' | 'ole' | 'gzip' | 'bzip2' | 'xz' | 'zstd' | '7z' | 'pdf';

const SIGNATURES: { signature: Signature; bytes: number[] }[] = [
  { signature: 'parquet', bytes: [0x50, 0x41, 0x52, 0x31] },
  { signature: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { signature: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { signature: 'gzip', bytes: [0x1f, 0x8b] },
  { signature: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { signature: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { signature: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { signature: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { signature: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

export function detectSignature({ bytes }: { bytes: Uint8Array }): Signature | null {
  for (const { signature, bytes: magic } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((value, index) => bytes[index] === value)) {
      // "BZh" is also how plain text can start ("BZh…"); bzip2 follows it with a block-size digit 1-9.
      if (signature === 'bzip2' && !((bytes[3] ?? 0) >= 0x31 && (bytes[3] ?? 0) <= 0x39 && bytes.length > 10 && bytes[4] === 0x31)) continue;
      return signature;
    }
  }
  return null;
}
