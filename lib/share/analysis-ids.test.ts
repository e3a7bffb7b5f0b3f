import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_ID_PATTERN,
  FIGURE_NAME_PATTERN,
  analysisIdSchema,
  analysisUrls,
  figureFileName,
  figureUrl,
  isAnalysisId,
  newAnalysisId,
} from './analysis-ids';

describe('analysis ids', () => {
  it('are 22 base64url characters carrying exactly 128 bits, accepted by the record schema', () => {
    for (let index = 0; index < 200; index += 1) {
      const id = newAnalysisId();
      expect(id).toHaveLength(22);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(id).toMatch(ANALYSIS_ID_PATTERN);
      expect(analysisIdSchema.safeParse(id).success).toBe(true);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });

  it('look random: no repeats, every alphabet character used, every bit position set sometimes and clear sometimes', () => {
    const ids = Array.from({ length: 2000 }, () => newAnalysisId());
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.flatMap((id) => [...id.slice(0, 21)]));
    expect(seen.size).toBe(64);
    const ones = new Array<number>(128).fill(0);
    for (const id of ids) {
      const bytes = Buffer.from(id, 'base64url');
      for (let bit = 0; bit < 128; bit += 1) ones[bit]! += (bytes[bit >> 3]! >> (7 - (bit & 7))) & 1;
    }
    // Each bit is set in ~1000 of 2000 ids; 800..1200 is more than 8 standard deviations wide.
    for (const count of ones) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });

  it('refuses anything that is not a canonical id', () => {
    const bad = [
      '',
      'AAAAAAAAAAAAAAAAAAAAA',
      'AAAAAAAAAAAAAAAAAAAAAAA',
      'AAAAAAAAAAAAAAAAAAAAAB',
      '../../etc/passwdAAAAAA',
      'AAAAAAAAAAAAAAAAAAAA+A',
      'AAAAAAAAAAAAAAAAAAAA/A',
      'AAAAAAAAAAAAAAAAAAAA=A',
      'AAAAAAAAAAAAAAAAAAAA%2F',
      null,
      42,
    ];
    for (const value of bad) expect(isAnalysisId(value), String(value)).toBe(false);
    expect(isAnalysisId('AAAAAAAAAAAAAAAAAAAAAw')).toBe(true);
  });

  it('name figures and URLs from the id and positions only', () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    expect(analysisUrls({ id })).toEqual({ url: `/a/${id}`, embedUrl: `/embed/${id}` });
    expect(figureFileName({ turn: 2, attempt: 3, index: 10 })).toBe('2-3-10.png');
    expect(figureUrl({ id, key: `analyses/${id}/figures/2-3-10.png` })).toBe(`/api/analyses/${id}/figures/2-3-10.png`);
    for (const name of ['1-1-1.png', '20-10-10.png']) expect(name).toMatch(FIGURE_NAME_PATTERN);
    for (const name of ['0-1-1.png', '1-1-1.PNG', '../1-1-1.png', '1-1-1.png.html', '1-1.png', '100-1-1.png']) expect(name).not.toMatch(FIGURE_NAME_PATTERN);
  });
});
