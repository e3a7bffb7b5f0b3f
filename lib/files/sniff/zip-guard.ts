/**
 * A small zip can inflate to gigabytes (a "zip bomb"), and an .xlsx is inflated in the server process. The sizes the
 * archive declares for its entries are read from the central directory before anything is decompressed. fflate
 * (read-excel-file's unzipper) allocates its output from the same declared sizes, which makes this a useful guard,
 * though not a sandbox: an archive that lies about its sizes is left to fflate's own checks.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of up to 65,535 bytes. */
const MAX_END_RECORD_SEARCH = 22 + 0xffff;

/**
 * Sum of the uncompressed sizes declared in the central directory, or null when the archive has no readable
 * directory (read-excel-file then reports the archive as invalid). Zip64 markers count as infinitely large.
 */
export function declaredUnzippedSize({ bytes }: { bytes: Uint8Array }): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - MAX_END_RECORD_SEARCH);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= lowest; offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end === -1) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) return null;
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}
