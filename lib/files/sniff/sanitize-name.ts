/**
 * File names arrive from the browser and end up in three places: the UI, LLM prompts and the kernel's /data folder.
 * A name is user input: it can carry path traversal, terminal control sequences, or bidi overrides that make
 * "invoice‮fdp.exe" read as "invoiceexe.pdf". These helpers make one safe form for each use.
 */

const MAX_DISPLAY_CHARS = 120;
const MAX_FILE_NAME_CHARS = 100;
const MAX_EXTENSION_CHARS = 10;
const FALLBACK_NAME = 'dataset';

// C0/C1 controls and DEL; bidi embeddings, overrides, isolates and marks; zero-width characters and the BOM;
// line/paragraph separators. Any of them can reorder or hide what a person (or a model) reads.
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** Keeps the last path segment: uploads named with a path ("../../etc/passwd", "a/b\\c.csv") keep only the file. */
function lastPathSegment({ name }: { name: string }): string {
  const segments = name.split(/[/\\]+/).filter((segment) => segment.trim() !== '');
  return segments.at(-1) ?? '';
}

/** Cuts to a number of code points (not UTF-16 units), so an emoji or CJK character is never split in half. */
function takeCodePoints({ text, count }: { text: string; count: number }): string {
  return Array.from(text).slice(0, count).join('');
}

function splitExtension({ name }: { name: string }): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return { stem: name, extension: '' };
  const extension = name.slice(dot + 1);
  if (Array.from(extension).length > MAX_EXTENSION_CHARS || /\s/u.test(extension)) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension };
}

/**
 * A name fit to show people and models: last path segment only, no control or bidi characters, no "..", no leading
 * dots, whitespace collapsed, at most 120 characters (extension kept), unicode letters preserved. Never empty.
 */
export function sanitizeDisplayName({ name }: { name: string }): string {
  let cleaned = name.normalize('NFC').replace(/[\t\n\r\v\f]/g, ' ');
  cleaned = lastPathSegment({ name: cleaned });
  cleaned = cleaned.replace(INVISIBLE_OR_CONTROL, '');
  cleaned = cleaned.replace(/\.{2,}/g, '.');
  cleaned = cleaned.replace(/\s+/gu, ' ').trim();
  // Leading dots hide files on Unix; trailing dots and spaces are silently dropped by Windows.
  cleaned = cleaned.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  if (Array.from(cleaned).length > MAX_DISPLAY_CHARS) {
    const { stem, extension } = splitExtension({ name: cleaned });
    const room = extension ? MAX_DISPLAY_CHARS - Array.from(extension).length - 2 : MAX_DISPLAY_CHARS - 1;
    cleaned = `${takeCodePoints({ text: stem, count: room }).trimEnd()}…${extension ? `.${extension}` : ''}`;
  }
  return cleaned === '' ? FALLBACK_NAME : cleaned;
}

/**
 * A name for the file under /data in the kernel: ASCII letters, digits, "_", "-" and one "." before a lower-case
 * extension, at most 100 characters. Accents are folded ("Café" → "Cafe") so the name stays recognisable; anything
 * else becomes "_". Callers that mount several files must still make names unique (e.g. suffix the dataset id).
 */
export function safeFileName({ name }: { name: string }): string {
  const display = sanitizeDisplayName({ name });
  const { stem, extension } = splitExtension({ name: display });
  const asciiExtension = extension
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()
    .slice(0, MAX_EXTENSION_CHARS);
  let asciiStem = stem
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  const room = MAX_FILE_NAME_CHARS - (asciiExtension ? asciiExtension.length + 1 : 0);
  asciiStem = asciiStem.slice(0, room).replace(/[_-]+$/g, '');
  if (asciiStem === '') asciiStem = FALLBACK_NAME;
  return asciiExtension ? `${asciiStem}.${asciiExtension}` : asciiStem;
}
