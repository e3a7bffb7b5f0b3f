/**
 * How provenance reads one number (lib/answer/provenance.ts documents what counts as a number and how rounding is
 * matched): the token pattern, its parsed value and the tolerance its written precision implies.
 */

export interface ParsedNumber {
  /** Absolute value as written, magnitude applied, percent sign NOT applied (45% → 45). */
  value: number;
  /** Half a unit of the last digit shown, in the same scale as value. */
  tolerance: number;
  percent: boolean;
  negative: boolean;
  /** An integer without separators, sign, suffix or decimals, 1900–2100. */
  yearLike: boolean;
}

const MAGNITUDES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

export const NUMBER = new RegExp(
  [
    '(?<![\\w.,])', // not the middle of a word or of a longer number
    '([-−+])?', // sign (ASCII or Unicode minus)
    '[$€£¥]?',
    '(\\d{1,3}(?:,\\d{3})+|\\d+)', // integer part, with or without thousands separators
    '(\\.\\d+)?',
    '(?:[eE]([-+]?\\d+))?',
    '(?:(\\s?%)|\\s?(k|K|M|B|bn|mn|thousand|million|billion)\\b)?',
    // Not glued to letters (5th, 3x, H2O are identifiers) and not cut short of the rest of the number.
    '(?![\\w]|[.,]\\d)',
  ].join(''),
  'g',
);

export function parseNumberToken(match: RegExpMatchArray): ParsedNumber | null {
  const [, sign, integer = '', fraction = '', exponent, percentSign, magnitudeWord] = match;
  const digits = integer.replace(/,/g, '');
  const mantissa = Number(`${digits}${fraction}`);
  if (!Number.isFinite(mantissa)) return null;
  const decimals = fraction ? fraction.length - 1 : 0;
  const scale = (exponent ? 10 ** Number(exponent) : 1) * (magnitudeWord ? (MAGNITUDES[magnitudeWord.toLowerCase()] ?? 1) : 1);
  let unit = 10 ** -decimals;
  // "1,200" or "45000": trailing zeros of a 4+ digit integer with 2+ significant digits read as rounding.
  if (!fraction && !exponent && !magnitudeWord && digits.length >= 4) {
    const zeros = /0*$/.exec(digits)?.[0].length ?? 0;
    if (zeros > 0 && digits.length - zeros >= 2) unit = 10 ** zeros;
  }
  const plain = !sign && !fraction && !exponent && !percentSign && !magnitudeWord && !integer.includes(',');
  return {
    value: mantissa * scale,
    tolerance: (unit / 2) * scale * (1 + 1e-9) + 1e-12,
    percent: Boolean(percentSign),
    negative: sign === '-' || sign === '−',
    yearLike: plain && digits.length === 4 && mantissa >= 1900 && mantissa <= 2100,
  };
}

const LIST_MARKER = /^\s*(?:#{1,6}\s*)?(?:[-*+]\s+)?$/;

/** "1. " or "2) " at the start of a line: an ordered-list marker (an ordinal, not a value), in answers and outputs. */
export function isListMarker({ text, start, end }: { text: string; start: number; end: number }): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return LIST_MARKER.test(text.slice(lineStart, start)) && /^[.)](\s|$)/.test(text.slice(end, end + 2));
}

/**
 * The numbers a question states ("top 5", "older than 30"), as written: an answer's "5" restates the question's N,
 * while its "5.0" is a value that must be checked.
 */
export function questionTokens({ question }: { question: string | undefined }): Set<string> {
  return new Set([...(question ?? '').matchAll(NUMBER)].map((match) => match[0].trim()));
}
