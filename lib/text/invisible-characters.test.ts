import { describe, expect, it } from 'vitest';
import {
  codePointName,
  controlCharactersToSpaces,
  findInvisibleCharacter,
  hasControlCharacters,
  hasInvisibleCharacters,
  hiddenCharacterWarning,
  isControlCharacter,
  isInvisibleCharacter,
  removeHiddenCharacters,
  singleLineText,
} from './invisible-characters';

/**
 * The sets this module replaced, as they were written (file names, titles, upload notices, export literals and
 * comments, the planner's literals and prose). Every character any of them treated as hidden must still be hidden.
 */
const FORMER_SETS: Array<[string, RegExp]> = [
  ['sanitize-name', /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u],
  ['save-caps and upload notice', /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u],
  [
    'export literals',
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: the former set, kept verbatim to compare against; variation selectors are meant one by one
    /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]/u,
  ],
  ['export code warning', /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff]/u],
  ['planner prose', /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u],
];

const BIDI_CONTROLS = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u180e', '\u034f'];
const FILLERS_AND_SELECTORS = ['\u115f', '\u1160', '\u3164', '\uffa0', '\ufe00', '\ufe0f', '\u{e0100}', '\u{e01ef}', '\u17b4', '\u17b5'];
const TAGS = ['\u{e0001}', '\u{e0020}', '\u{e0041}', '\u{e007f}'];
const CONTROLS = ['\u0000', '\u0007', '\t', '\n', '\r', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'];
const VISIBLE = ['a', 'Z', '0', ' ', '\u00a0', '\u3000', 'é', 'e\u0301', '漢', 'カ', '😀', '🚀', '\u05d0', '\u0627', '\u2013', '…', '\ufffd', '\ue000'];

describe('invisible characters', () => {
  it.each(BIDI_CONTROLS.concat(ZERO_WIDTH, FILLERS_AND_SELECTORS, TAGS).map((char) => [codePointName(char.codePointAt(0)!), char]))(
    'treats %s as invisible',
    (_name, char) => {
      expect(isInvisibleCharacter(char)).toBe(true);
      expect(isControlCharacter(char)).toBe(false);
      expect(hasInvisibleCharacters(`a${char}b`)).toBe(true);
    },
  );

  it.each(CONTROLS.map((char) => [codePointName(char.codePointAt(0)!), char]))('treats %s as a control or line break', (_name, char) => {
    expect(isControlCharacter(char)).toBe(true);
    expect(hasControlCharacters(`a${char}b`)).toBe(true);
  });

  it('leaves visible text alone: letters, marks, CJK, emoji, right-to-left letters, spaces', () => {
    for (const char of VISIBLE) {
      expect(hasInvisibleCharacters(char), char).toBe(false);
      expect(hasControlCharacters(char), char).toBe(false);
    }
  });

  it('hides every character any former set hid', () => {
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      for (const [name, former] of FORMER_SETS) {
        if (former.test(char) && !isInvisibleCharacter(char) && !isControlCharacter(char)) {
          throw new Error(`${codePointName(code)} was hidden by ${name} but is not now`);
        }
      }
    }
  });

  it('removes hidden characters, lone surrogates included, and nothing else', () => {
    expect(removeHiddenCharacters('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(removeHiddenCharacters('\u2066report\u2069\u200b.csv\u0000\ud800')).toBe('report.csv');
    expect(removeHiddenCharacters('tags\u{e0041}\u{e0042} ❤\ufe0f')).toBe('tags ❤');
    expect(removeHiddenCharacters(VISIBLE.join(''))).toBe(VISIBLE.join(''));
    // A surrogate pair is one character and stays; only halves on their own go.
    expect(removeHiddenCharacters('😀\ud83d x \ude00')).toBe('😀 x ');
  });

  it('puts text on one line: breaks and controls become one space, invisible characters go, spaces stay', () => {
    expect(singleLineText('a\r\nb\nc\u2028d\u2029e\u0085f')).toBe('a b c d e f');
    expect(singleLineText('a\u0000\u0007\u001b\r\n\tb')).toBe('a b');
    expect(singleLineText('Sales\u202e review\u200b')).toBe('Sales review');
    expect(singleLineText('two  spaces ')).toBe('two  spaces ');
    expect(singleLineText('lone \udfff')).toBe('lone ');
  });

  it('replaces controls with spaces but keeps what the caller asks to keep, and every invisible character', () => {
    expect(controlCharactersToSpaces('a\tb\nc\u0000d\u2028e')).toBe('a b c d e');
    expect(controlCharactersToSpaces('a\tb\nc', { keep: '\t' })).toBe('a\tb c');
    expect(controlCharactersToSpaces('a\u202eb')).toBe('a\u202eb');
  });

  it('finds the first invisible character and its line, and warns about code that holds one', () => {
    expect(findInvisibleCharacter('a\r\nb\rc\u200bd\ne\u202e')).toEqual({ codePoint: 0x200b, line: 3 });
    expect(findInvisibleCharacter('plain\ntext')).toBeNull();
    expect(hiddenCharacterWarning('print(1)')).toBeNull();
    expect(hiddenCharacterWarning('a = 1\nb = "\u200b"')).toMatch(/U\+200B on line 2/);
    expect(hiddenCharacterWarning('if x:  # \u{e0041}')).toMatch(/U\+E0041 on line 1/);
    expect(hiddenCharacterWarning('x = 1 \u2066# }\u2069')).toMatch(/U\+2066 on line 1.*what you see may not be what runs/);
  });

  it('handles very long text in linear time', () => {
    const long = 'abc\u200bdef\u202e\n'.repeat(200_000);
    const started = performance.now();
    expect(singleLineText(long)).toBe('abcdef '.repeat(200_000));
    expect(removeHiddenCharacters(long)).toBe('abcdef'.repeat(200_000));
    expect(findInvisibleCharacter(`${'x\n'.repeat(100_000)}\u2069`)).toEqual({ codePoint: 0x2069, line: 100_001 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
