import { describe, expect, it } from 'vitest';
import { checkPngBase64, decodeBase64, encodeBase64, MAX_FIGURE_BYTES } from './png';
import { makePng, PNG_3X2 } from '@/lib/share/test-support/analysis-fixture';

describe('figure validation', () => {
  it('accepts a real PNG and reads its size from IHDR', () => {
    expect(checkPngBase64({ base64: PNG_3X2 })).toMatchObject({ ok: true, width: 3, height: 2 });
    expect(checkPngBase64({ base64: makePng({ width: 640, height: 480 }).toString('base64') })).toMatchObject({ ok: true, width: 640, height: 480 });
  });

  it('refuses what is not exactly one PNG, saying why', () => {
    const png = Buffer.from(PNG_3X2, 'base64');
    const cases: Array<[string, string, RegExp]> = [
      ['html', Buffer.from('<svg onload="alert(1)"></svg>').toString('base64'), /wrong signature/],
      ['gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;').toString('base64'), /wrong signature/],
      ['signature only', png.subarray(0, 8).toString('base64'), /wrong signature/],
      ['no IHDR first', Buffer.concat([png.subarray(0, 12), Buffer.from('tEXt'), png.subarray(16)]).toString('base64'), /no IHDR/],
      ['cut off', png.subarray(0, png.length - 6).toString('base64'), /no IEND/],
      ['trailing bytes', Buffer.concat([png, Buffer.from('<script>')]).toString('base64'), /no IEND/],
      ['zero width', Buffer.concat([png.subarray(0, 16), Buffer.alloc(4), png.subarray(20)]).toString('base64'), /impossible size/],
      ['data URL', `data:image/png;base64,${PNG_3X2}`, /not base64/],
      ['whitespace', `${PNG_3X2.slice(0, 10)}\n${PNG_3X2.slice(10)}`, /not base64/],
      ['url-safe alphabet', `${PNG_3X2.slice(0, 4)}-_${PNG_3X2.slice(6)}`, /not base64/],
    ];
    for (const [name, base64, reason] of cases) {
      const result = checkPngBase64({ base64 });
      expect(result.ok, name).toBe(false);
      expect(!result.ok && result.reason, name).toMatch(reason);
    }
  });

  it('refuses figures over 5 MB, before and after decoding', () => {
    const big = makePng({ width: 1, height: 1, padBytes: MAX_FIGURE_BYTES }).toString('base64');
    expect(checkPngBase64({ base64: big })).toEqual({ ok: false, reason: 'it is larger than 5 MB' });
    const justUnder = makePng({ width: 1, height: 1, padBytes: MAX_FIGURE_BYTES - 200 });
    expect(justUnder.length).toBeLessThanOrEqual(MAX_FIGURE_BYTES);
    expect(checkPngBase64({ base64: justUnder.toString('base64') })).toMatchObject({ ok: true });
    expect(checkPngBase64({ base64: PNG_3X2, maxBytes: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/larger than/) });
  });

  it('round-trips base64 without Buffer (the browser path)', () => {
    const bytes = makePng({ width: 300, height: 200 });
    expect(Buffer.from(encodeBase64({ bytes })).toString()).toBe(bytes.toString('base64'));
    expect(Buffer.from(decodeBase64({ text: bytes.toString('base64') })!).equals(bytes)).toBe(true);
  });
});
