/**
 * Cutting untrusted text to a length: file names, column names, cell values, questions, model and kernel messages.
 * Lengths are UTF-16 units (what JavaScript strings, zod's `.max()` and the record caps count), and a cut never lands
 * inside a character the reader sees as one: not between a surrogate pair (that would leave a lone surrogate, which
 * some JSON encoders and databases refuse), and not inside a grapheme cluster (an emoji with a skin tone, a family
 * joined by ZWJ, a letter with combining accents), which would turn it into a different visible character.
 */

/** How far before the limit a cluster boundary is looked for; longer clusters (stacked combining marks) are cut at a code point. */
const CLUSTER_WINDOW = 64;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The last offset at or before `limit` where the text can be cut without splitting what the reader sees as one character. */
function cutOffset(text: string, limit: number): number {
  if (limit <= 0) return 0;
  // Segmenting only a window around the limit keeps cutting a 1 MB output as cheap as cutting a name.
  const start = Math.max(0, limit - CLUSTER_WINDOW);
  let boundary = -1;
  // Two units past the limit: enough to see whether what follows it (a combining mark, a ZWJ, an astral skin-tone
  // modifier) belongs to the cluster before it.
  for (const { index } of graphemes.segment(text.slice(start, limit + 2))) {
    const at = start + index;
    if (at > limit) break;
    if (at > start || start === 0) boundary = at;
  }
  if (boundary <= 0) boundary = limit;
  return isHighSurrogate(text.charCodeAt(boundary - 1)) ? boundary - 1 : boundary;
}

/** Cuts to at most `max` UTF-16 units, `marker` included (appended only when the text was cut). */
export function cutText({ text, max, marker = '…' }: { text: string; max: number; marker?: string }): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: text.slice(0, cutOffset(text, Math.max(0, max - marker.length))) + marker, cut: true };
}

/** `cutText`'s text alone: at most `max` units, ending in `…` when cut. */
export function shortText(text: string, max: number): string {
  return cutText({ text, max }).text;
}

/** At most `max` units, cut without a marker: for text a schema caps, where the cut itself need not show. */
export function fitText(text: string, max: number): string {
  return cutText({ text, max, marker: '' }).text;
}
