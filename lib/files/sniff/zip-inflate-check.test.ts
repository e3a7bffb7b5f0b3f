import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeXlsx, makeZip } from './test-support/make-xlsx';
import { sniffRefused } from './test-support/sniff-helpers';
import { checkRealInflation } from './zip-inflate-check';

const MB = 1024 * 1024;

/** Patches the central directory's declared (uncompressed) size of every entry whose size is above `over`. */
function lieAboutSizes({ bytes, over, claim }: { bytes: Uint8Array; over: number; claim: number }): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 46 <= bytes.length; offset += 1) {
    if (view.getUint32(offset, true) === 0x02014b50 && view.getUint32(offset + 24, true) > over) view.setUint32(offset + 24, claim, true);
  }
  return bytes;
}

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function worstLag(work: () => Promise<unknown>): Promise<number> {
  let last = Date.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return worst;
}

describe('real inflation check (xlsx)', () => {
  it('refuses a workbook whose entry lies about its unpacked size, without stalling the event loop', async () => {
    const workbook = makeXlsx({ sheets: [{ name: 'S', rows: [['a'], [1]] }] });
    // The same workbook plus 96 MB of zeros (≈ 100 KB compressed) that claims to be 1 KB once unpacked.
    const bomb = makeZip({ files: { ...unzipNames(workbook), 'xl/media/pad.bin': new Uint8Array(96 * MB) } });
    lieAboutSizes({ bytes: bomb, over: 10 * MB, claim: 1024 });
    let message = '';
    const lag = await worstLag(async () => {
      message = (await sniffRefused({ fileName: 'liar.xlsx', bytes: bomb })).message;
    });
    expect(message).toContain('misstates its own size');
    expect(lag).toBeLessThan(250);
  });

  it('stops at the byte budget and at the deadline, and passes an honest archive', async () => {
    const zip = makeZip({ files: { 'a.bin': new Uint8Array(4 * MB), 'b.bin': new Uint8Array(4 * MB) } });
    expect(await checkRealInflation({ bytes: zip, maxBytes: 6 * MB, deadlineMs: 5000 })).toMatchObject({ ok: false, reason: 'too_large' });
    expect(await checkRealInflation({ bytes: zip, maxBytes: 8 * MB, deadlineMs: 5000 })).toEqual({ ok: true, inflatedBytes: 8 * MB });
    expect(await checkRealInflation({ bytes: zip, maxBytes: 8 * MB, deadlineMs: 0 })).toMatchObject({ ok: false, reason: 'timeout' });
  });
});

/** The entries of a zip made by makeZip, inflated (to rebuild it with one entry more). */
function unzipNames(bytes: Uint8Array): Record<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: Record<string, Uint8Array> = {};
  let offset = 0;
  while (offset + 30 <= bytes.length && view.getUint32(offset, true) === 0x04034b50) {
    const size = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 30, offset + 30 + nameLength));
    const start = offset + 30 + nameLength + view.getUint16(offset + 28, true);
    files[name] = new Uint8Array(inflateRawSync(bytes.subarray(start, start + size)));
    offset = start + size;
  }
  return files;
}
