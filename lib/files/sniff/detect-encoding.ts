import type { TextEncoding } from './dataset-meta';

/**
 * Text encoding from the first bytes of a file. The kernel later decodes the whole file with Python's codec of the
 * same name, so the choice must be one pandas accepts: utf-8, utf-8-sig, utf-16 (le/be) or latin-1 (which never
 * fails, unlike cp1252).
 */

export type DecodedHead =
  | {
      kind: 'text';
      encoding: TextEncoding;
      /** Bytes of byte-order mark at the start of the file (not part of `text`). */
      bomLength: number;
      /** The decoded head, without the BOM. When the head is not the whole file the last character may be cut. */
      text: string;
    }
  | { kind: 'binary'; reason: string };

const NUL_PATTERN_PROBE = 4096;

function startsWith({ bytes, prefix }: { bytes: Uint8Array; prefix: number[] }): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

/**
 * UTF-16 without a BOM shows up as a NUL in every other byte for ASCII-range text: odd positions for little-endian,
 * even for big-endian. Text in other scripts has no such pattern and falls through to the UTF-8 / latin-1 checks.
 */
function detectUtf16ByNulPattern({ bytes }: { bytes: Uint8Array }): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, NUL_PATTERN_PROBE) & ~1;
  if (length < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenNul += 1;
    if (bytes[index + 1] === 0) oddNul += 1;
  }
  const pairs = length / 2;
  if (oddNul / pairs > 0.3 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.3 && oddNul / pairs < 0.05) return 'utf-16be';
  return null;
}

/**
 * A head cut at an arbitrary byte may end inside a multi-byte UTF-8 sequence; a strict decoder would then call valid
 * UTF-8 invalid. Drop an incomplete trailing sequence (at most 3 bytes), never anything else.
 */
export function trimIncompleteUtf8({ bytes }: { bytes: Uint8Array }): Uint8Array {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(4, end); back += 1) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, end - back) : bytes;
  }
  return bytes;
}

function decodeUtf16({ bytes, bigEndian }: { bytes: Uint8Array; bigEndian: boolean }): string {
  const even = bytes.subarray(0, bytes.length & ~1);
  if (!bigEndian) return new TextDecoder('utf-16le').decode(even);
  // Swap to little-endian ourselves: 'utf-16be' is missing from TextDecoder in runtimes built without full ICU.
  const swapped = new Uint8Array(even.length);
  for (let index = 0; index < even.length; index += 2) {
    swapped[index] = even[index + 1] ?? 0;
    swapped[index + 1] = even[index] ?? 0;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

/** ISO-8859-1 exactly as Python's latin-1 codec maps it (TextDecoder's 'latin1' label is really windows-1252). */
function decodeLatin1({ bytes }: { bytes: Uint8Array }): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    parts.push(String.fromCharCode(...bytes.subarray(start, start + 8192)));
  }
  return parts.join('');
}

/**
 * Decodes the head of a file. `complete` says whether `bytes` is the whole file: only then may a trailing partial
 * character be treated as an error.
 */
export function decodeHead({ bytes, complete }: { bytes: Uint8Array; complete: boolean }): DecodedHead {
  if (startsWith({ bytes, prefix: [0xef, 0xbb, 0xbf] })) {
    const body = complete ? bytes.subarray(3) : trimIncompleteUtf8({ bytes: bytes.subarray(3) });
    return { kind: 'text', encoding: 'utf-8-bom', bomLength: 3, text: new TextDecoder('utf-8').decode(body) };
  }
  if (startsWith({ bytes, prefix: [0xff, 0xfe] })) {
    return { kind: 'text', encoding: 'utf-16le', bomLength: 2, text: decodeUtf16({ bytes: bytes.subarray(2), bigEndian: false }) };
  }
  if (startsWith({ bytes, prefix: [0xfe, 0xff] })) {
    return { kind: 'text', encoding: 'utf-16be', bomLength: 2, text: decodeUtf16({ bytes: bytes.subarray(2), bigEndian: true }) };
  }
  const utf16 = detectUtf16ByNulPattern({ bytes });
  if (utf16) {
    return { kind: 'text', encoding: utf16, bomLength: 0, text: decodeUtf16({ bytes, bigEndian: utf16 === 'utf-16be' }) };
  }
  if (bytes.includes(0)) {
    return { kind: 'binary', reason: 'it contains NUL bytes' };
  }
  const candidate = complete ? bytes : trimIncompleteUtf8({ bytes });
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(candidate);
    return { kind: 'text', encoding: 'utf-8', bomLength: 0, text };
  } catch {
    return { kind: 'text', encoding: 'latin-1', bomLength: 0, text: decodeLatin1({ bytes }) };
  }
}

const CONTROL_PROBE_CHARS = 65_536;
/** Above this share of control characters a "text" file is binary junk (random bytes score about 20%). */
const MAX_CONTROL_RATIO = 0.05;

/**
 * Share of characters that never appear in a real text table: C0 controls other than tab/newline/CR/FF/VT, DEL, C1
 * controls and U+FFFD (what an undecodable UTF-16 unit becomes).
 */
export function looksBinary({ text }: { text: string }): boolean {
  const length = Math.min(text.length, CONTROL_PROBE_CHARS);
  if (length === 0) return false;
  let controls = 0;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    const isWhitespaceControl = code >= 0x09 && code <= 0x0d;
    if ((code < 0x20 && !isWhitespaceControl) || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) controls += 1;
  }
  return controls / length > MAX_CONTROL_RATIO;
}

/** Encoded size of a slice of decoded text, so row estimates can be made in bytes of the original file. */
export function encodedLength({ text, encoding }: { text: string; encoding: TextEncoding }): number {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return text.length * 2;
  if (encoding === 'latin-1') return text.length;
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte character
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

const BOMS: Record<TextEncoding, number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-8-bom': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'latin-1': [],
};

/**
 * Decodes the head with the encoding the analyst chose, the way the kernel's codec will (a UTF-8 or UTF-16 byte-order
 * mark is dropped, as Python's utf-8-sig and utf-16 codecs do). Bytes that are not valid in that encoding are a
 * refusal naming the encoding, never replacement characters that would pass for text.
 */
export function decodeAs({ bytes, complete, encoding }: { bytes: Uint8Array; complete: boolean; encoding: TextEncoding }): DecodedHead {
  const bom = BOMS[encoding];
  const bomLength = bom.length > 0 && startsWith({ bytes, prefix: bom }) ? bom.length : 0;
  const body = bytes.subarray(bomLength);
  if (encoding === 'latin-1') return { kind: 'text', encoding, bomLength: 0, text: decodeLatin1({ bytes }) };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // Delimiters and line breaks are ASCII, which UTF-16 spells with a zero byte: text without one is not UTF-16.
    if (bomLength === 0 && !body.includes(0)) return { kind: 'binary', reason: 'it has none of the zero bytes UTF-16 text has' };
    return { kind: 'text', encoding, bomLength, text: decodeUtf16({ bytes: body, bigEndian: encoding === 'utf-16be' }) };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(complete ? body : trimIncompleteUtf8({ bytes: body }));
    return { kind: 'text', encoding, bomLength, text };
  } catch {
    return { kind: 'binary', reason: 'its bytes are not valid UTF-8; try latin-1' };
  }
}
