import { describe, expect, it } from 'vitest';
import { cutText, fitText, shortText } from './cut-text';

const isWellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('cutText', () => {
  it('leaves text within the limit alone and says so', () => {
    expect(cutText({ text: 'sales.csv', max: 9 })).toEqual({ text: 'sales.csv', cut: false });
  });

  it('counts the marker within the limit', () => {
    expect(cutText({ text: 'abcdefghij', max: 5 })).toEqual({ text: 'abcd…', cut: true });
    expect(cutText({ text: 'abcdefghij', max: 8, marker: ' [cut]' }).text).toBe('ab [cut]');
  });

  it('never splits a surrogate pair', () => {
    const { text } = cutText({ text: `${'a'.repeat(8)}😀😀`, max: 10 });
    expect(text).toBe(`${'a'.repeat(8)}…`);
    expect(isWellFormed(text)).toBe(true);
  });

  it('never splits a grapheme cluster: skin tones, ZWJ families, combining accents, flags', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 UTF-16 units, one visible character
    expect(shortText(`ab${family}cd`, 8)).toBe('ab…');
    expect(shortText(`ab👍🏽cd`, 5)).toBe('ab…'); // the skin-tone modifier is astral: it must stay with its hand
    expect(shortText('abe\u0301\u0301cd', 5)).toBe('ab…');
    expect(shortText('ab🇫🇷🇩🇪', 7)).toBe('ab🇫🇷…');
  });

  it('fitText cuts to the limit without a marker, at a cluster boundary', () => {
    expect(fitText('abcdef', 4)).toBe('abcd');
    expect(fitText('ab👍🏽cd', 4)).toBe('ab');
    expect(fitText('short', 10)).toBe('short');
  });

  it('falls back to a code point boundary inside an absurdly long cluster', () => {
    const zalgo = `x${'\u0301'.repeat(500)}`;
    const { text } = cutText({ text: zalgo, max: 100 });
    expect(text.length).toBe(100);
    expect(text.endsWith('…')).toBe(true);
  });

  it('keeps every cut of hostile text well-formed and within the limit', () => {
    const pieces = ['a', '😀', '👍🏽', '👩‍👧', 'e\u0301', '🇫🇷', '\u200d', '\ud800', '\udc00', ' '];
    let seed = 7;
    for (let round = 0; round < 300; round += 1) {
      let text = '';
      for (let i = 0; i < 40; i += 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      const max = 1 + (seed % 60);
      const cut = cutText({ text, max });
      expect(cut.text.length).toBeLessThanOrEqual(Math.max(max, 1));
      if (isWellFormed(text)) expect(isWellFormed(cut.text)).toBe(true);
    }
  });
});
