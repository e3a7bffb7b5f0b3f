import { describe, expect, it } from 'vitest';
import { escapeRegExp } from './regexp';

describe('escapeRegExp', () => {
  it('matches hostile names only as themselves', () => {
    for (const name of ['a.b', 'x*', '(group)', '[set]', 'a|b', '^start$', 'back\\slash', '{1,2}', '+?', 'Σ-θ']) {
      const pattern = new RegExp(`^${escapeRegExp(name)}$`, 'u');
      expect(pattern.test(name), name).toBe(true);
      expect(pattern.test(`${name}x`), name).toBe(false);
    }
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });
});
