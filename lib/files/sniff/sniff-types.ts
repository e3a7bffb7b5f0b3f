import type { SniffedMeta, TextEncoding } from './dataset-meta';

/** What a per-format sniffer works out; the orchestrator adds displayName, size and contentHash. */
export type FormatSniff = Omit<SniffedMeta, 'displayName' | 'size' | 'contentHash'>;

/** The decoded head of a text file, handed to the CSV/JSON/JSONL sniffers. */
export interface TextHead {
  /** Decoded text without the BOM. When `complete` is false, the last line is probably cut. */
  text: string;
  encoding: TextEncoding;
  bomLength: number;
  /** True when the head is the whole file: counts are then exact and nothing is cut. */
  complete: boolean;
  /** Size of the whole file in bytes. */
  size: number;
  /** Sanitised file name, for messages. */
  displayName: string;
}

/** Caller-supplied ranged read: bytes `start` to `endInclusive` of the stored object. */
export type ReadRange = (start: number, endInclusive: number) => Promise<Uint8Array>;
