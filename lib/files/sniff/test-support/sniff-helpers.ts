import { expect } from 'vitest';
import type { SniffedMeta } from '../dataset-meta';
import { sniffDataset, type SniffResult } from '../sniff';
import { memoryFile, type TestFile } from './virtual-file';

/** Sniffs a test file and returns the result together with the file (for its read log). */
export async function sniffFile({ file }: { file: TestFile }): Promise<{ result: SniffResult; file: TestFile }> {
  const result = await sniffDataset({ fileName: file.fileName, size: file.size, readRange: file.readRange });
  return { result, file };
}

/** Sniffs bytes or text held in memory and expects success. */
export async function sniffOk({ fileName, bytes }: { fileName: string; bytes: Uint8Array | string }): Promise<SniffedMeta> {
  const { result } = await sniffFile({ file: memoryFile({ fileName, bytes }) });
  if (!result.ok) throw new Error(`expected ${fileName} to register, got ${result.code}: ${result.message}`);
  return result.meta;
}

/** Sniffs bytes or text held in memory and expects a refusal. */
export async function sniffRefused({ fileName, bytes }: { fileName: string; bytes: Uint8Array | string }): Promise<{ code: string; message: string }> {
  const { result } = await sniffFile({ file: memoryFile({ fileName, bytes }) });
  if (result.ok) throw new Error(`expected ${fileName} to be refused, got ${JSON.stringify(result.meta).slice(0, 300)}`);
  return { code: result.code, message: result.message };
}

/** Columns as compact [name, type, nullable] triples for exact assertions. */
export function columnSummary({ meta }: { meta: SniffedMeta }): [string, string, boolean][] {
  return meta.columns.map((column) => [column.name, column.type, column.nullable]);
}

/** Every message shown to users must name the file and read as a sentence. */
export function expectUserMessage({ message, displayName }: { message: string; displayName: string }): void {
  expect(message).toContain(displayName);
  expect(message.length).toBeGreaterThan(20);
}

/** Encodes text as UTF-16 code units, little- or big-endian, with an optional BOM. */
export function utf16({ text, bigEndian, bom }: { text: string; bigEndian: boolean; bom: boolean }): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let offset = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, !bigEndian);
    offset = 2;
  }
  for (let index = 0; index < text.length; index += 1) view.setUint16(offset + index * 2, text.charCodeAt(index), !bigEndian);
  return out;
}

/** Encodes text as ISO-8859-1 (every character must be below U+0100). */
export function latin1({ text }: { text: string }): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** Deterministic pseudo-random bytes (xorshift), so a failing junk test can be reproduced. */
export function junkBytes({ length, seed = 42 }: { length: number; seed?: number }): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[index] = state & 0xff;
  }
  return out;
}
