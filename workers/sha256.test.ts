import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Plain } from './sha256';

describe('sha256Plain (for contexts without Web Crypto)', () => {
  it('matches node:crypto on empty, block-boundary and larger inputs', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
      const data = new Uint8Array(length).map((_, index) => (index * 31 + 7) & 0xff);
      expect(sha256Plain(data)).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});
