/**
 * The zip-bomb guard that does not trust the archive. zip-guard.ts sums the sizes the central directory *declares*;
 * an .xlsx that lies there (small declared sizes, gigabytes of zeros inside) got past it and stalled the event loop
 * for seconds inside read-excel-file's synchronous unzip. Before the workbook is parsed, every entry is inflated
 * here with node:zlib's asynchronous inflateRaw — it runs on libuv's thread pool, off the event loop — with
 * `maxOutputLength` set to what is left of the byte budget, so no entry can produce more than the budget, and an
 * entry that inflates past its own declared size is refused as lying. A deadline bounds the whole check in time.
 * The inflated bytes are only counted and dropped.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const MAX_END_RECORD_SEARCH = 22 + 0xffff;

export type InflateVerdict = { ok: true; inflatedBytes: number } | { ok: false; reason: 'too_large' | 'lying' | 'timeout' | 'invalid'; detail: string };

interface Entry {
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeader: number;
}

function entriesOf(bytes: Uint8Array): Entry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - MAX_END_RECORD_SEARCH); offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end === -1) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: Entry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) return null;
    entries.push({
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localHeader: view.getUint32(offset + 42, true),
    });
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

function dataOf(bytes: Uint8Array, entry: Entry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeader;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_FILE_HEADER) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : null;
}

function isRangeError(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE');
}

export async function checkRealInflation({
  bytes,
  maxBytes,
  deadlineMs,
}: {
  bytes: Uint8Array;
  maxBytes: number;
  deadlineMs: number;
}): Promise<InflateVerdict> {
  const { inflateRaw } = await import('node:zlib');
  const entries = entriesOf(bytes);
  // No readable directory: read-excel-file reports the archive as invalid with its own message.
  if (!entries) return { ok: true, inflatedBytes: 0 };
  const deadline = Date.now() + deadlineMs;
  let total = 0;
  for (const entry of entries) {
    if (Date.now() > deadline) return { ok: false, reason: 'timeout', detail: `unpacking took longer than ${deadlineMs} ms` };
    if (entry.declaredSize === 0xffffffff || entry.compressedSize === 0xffffffff)
      return { ok: false, reason: 'too_large', detail: 'a Zip64 entry (over 4 GB)' };
    const data = dataOf(bytes, entry);
    if (!data) return { ok: false, reason: 'invalid', detail: 'an entry points outside the file' };
    let size: number;
    if (entry.method === 0) size = data.byteLength;
    else if (entry.method === 8) {
      const left = maxBytes - total;
      // One byte more than allowed tells "fits exactly" from "would run past the budget or past its declared size".
      const limit = Math.max(1, Math.min(left, entry.declaredSize) + 1);
      const remaining = Math.max(1, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      try {
        size = await Promise.race([
          new Promise<number>((resolve, reject) =>
            inflateRaw(data, { maxOutputLength: limit }, (error, out) => (error ? reject(error) : resolve(out.byteLength))),
          ),
          new Promise<number>((resolve) => {
            timer = setTimeout(() => resolve(-1), remaining);
          }),
        ]);
      } catch (error) {
        if (!isRangeError(error)) return { ok: false, reason: 'invalid', detail: error instanceof Error ? error.message : String(error) };
        size = limit;
      } finally {
        clearTimeout(timer);
      }
      if (size < 0) return { ok: false, reason: 'timeout', detail: `unpacking took longer than ${deadlineMs} ms` };
    } else return { ok: false, reason: 'invalid', detail: `compression method ${entry.method} is not used by Excel` };
    if (size > entry.declaredSize) return { ok: false, reason: 'lying', detail: `an entry declares ${entry.declaredSize} bytes and unpacks to more` };
    total += size;
    if (total > maxBytes) return { ok: false, reason: 'too_large', detail: `the entries unpack to more than ${maxBytes} bytes` };
  }
  return { ok: true, inflatedBytes: total };
}
