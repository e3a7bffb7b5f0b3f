/**
 * Figures arrive as base64 from the browser and are served back from our own origin, so a "figure" must really be a
 * PNG: otherwise a page could store HTML or script under a PNG name. We check the bytes, not the claim: strict
 * base64, the 8-byte signature, IHDR as the first chunk (its width and height are what we record) and IEND last.
 * `nosniff` on the figure route is the second layer. Browser-safe, pure.
 */

export const MAX_FIGURE_BYTES = 5 * 1024 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// A plain character class, not groups of four: a repeated group overflows V8's regexp stack on megabyte input.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Largest PNG dimension the spec allows (2^31 - 1); anything above is a corrupt header.
const MAX_DIMENSION = 0x7fffffff;

export type PngCheck = { ok: true; bytes: Uint8Array; width: number; height: number } | { ok: false; reason: string };

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function uint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!;
}

/** Decodes strict base64 (no whitespace, no data: prefix); null when it is not base64. */
export function decodeBase64({ text }: { text: string }): Uint8Array | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function encodeBase64({ bytes }: { bytes: Uint8Array }): string {
  let binary = '';
  // Chunked: String.fromCharCode(...bytes) overflows the argument limit on megabyte figures.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Checks that base64 text is one real PNG of at most `maxBytes`; on success, its bytes and IHDR dimensions. */
export function checkPngBase64({ base64, maxBytes = MAX_FIGURE_BYTES }: { base64: string; maxBytes?: number }): PngCheck {
  // Base64 length bounds the decoded size: refuse before allocating for an oversized figure.
  if (Math.floor((base64.length * 3) / 4) - 2 > maxBytes) {
    return { ok: false, reason: `it is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  }
  const bytes = decodeBase64({ text: base64 });
  if (!bytes) return { ok: false, reason: 'it is not base64 (a data: URL prefix or whitespace is not accepted)' };
  if (bytes.length > maxBytes) return { ok: false, reason: `it is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  return checkPngBytes({ bytes });
}

function checkPngBytes({ bytes }: { bytes: Uint8Array }): PngCheck {
  // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC) + IEND chunk (12).
  if (bytes.length < 8 + 25 + 12 || SIGNATURE.some((byte, index) => bytes[index] !== byte)) {
    return { ok: false, reason: 'it is not a PNG image (wrong signature)' };
  }
  if (uint32(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') {
    return { ok: false, reason: 'it is not a PNG image (no IHDR header chunk)' };
  }
  const width = uint32(bytes, 16);
  const height = uint32(bytes, 20);
  if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    return { ok: false, reason: `it is not a PNG image (impossible size ${width}×${height})` };
  }
  const end = bytes.length - 12;
  if (uint32(bytes, end) !== 0 || ascii(bytes, end + 4, 4) !== 'IEND') {
    return { ok: false, reason: 'it is not a complete PNG image (no IEND chunk at the end)' };
  }
  return { ok: true, bytes, width, height };
}
