// The comments of a source file, for scripts/check-references.mjs: what a file says about the code, not the code.
// Markdown and .env examples are read whole; TS/JS comments (`//`, `/* */`) skipping strings, templates and regular
// expressions; CSS block comments; Python `#` comments and docstrings; shell `#` comments (shell scripts without an
// extension are known by their `#!` line).
import path from 'node:path';

const JS_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx']);
const HASH_COMMENT_FILES = new Set(['.sh', '.env', '.gitignore']);

/**
 * How a file's comments are read, or null when it has none worth reading (JSON, images). `text` is needed only for a
 * file without an extension (a shell script is known by its `#!` line); without it such a file is not read.
 */
export function commentStyle(file, text) {
  const base = path.basename(file);
  const extension = path.extname(file);
  if (extension === '.md' || base === '.env.example') return 'whole';
  if (JS_EXTENSIONS.has(extension)) return 'js';
  if (extension === '.css') return 'css';
  if (extension === '.py') return 'python';
  if (HASH_COMMENT_FILES.has(extension) || HASH_COMMENT_FILES.has(base)) return 'hash';
  if (extension === '' && text !== undefined && /^#!.*\b(?:ba|da|z)?sh\b/.test(text)) return 'hash';
  return null;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * The comments of a JS/TS source, each with the 1-based line it starts on. Strings, template literals (with nested
 * `${}`), and regular expression literals are skipped, so `'https://x'` or `/\/\//` is never read as a comment.
 */
function jsComments(text) {
  const comments = [];
  const templateDepths = [];
  let braceDepth = 0;
  let last = ''; // the last significant character or word, to tell a regex from a division
  let index = 0;
  const lineAt = (offset) => text.slice(0, offset).split('\n').length;
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      comments.push({ line: lineAt(index), text: text.slice(index + 2, stop) });
      index = stop;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end;
      comments.push({ line: lineAt(index), text: text.slice(index + 2, stop) });
      index = stop + 2;
      continue;
    }
    if (char === "'" || char === '"') {
      index = skipQuoted(text, index, char);
      last = char;
      continue;
    }
    if (char === '`' || (char === '}' && templateDepths.length > 0 && templateDepths.at(-1) === braceDepth)) {
      if (char === '}') templateDepths.pop();
      index = skipTemplate(text, index + 1, templateDepths, braceDepth);
      last = '`';
      continue;
    }
    if (char === '/' && startsRegex(last)) {
      const end = skipRegex(text, index);
      if (end !== -1) {
        index = end;
        last = '/';
        continue;
      }
    }
    if (char === '{') braceDepth += 1;
    if (char === '}') braceDepth -= 1;
    if (/[A-Za-z_$]/.test(char)) {
      const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(index, index + 64))[0];
      last = word;
      index += word.length;
      continue;
    }
    if (!/\s/.test(char)) last = char;
    index += 1;
  }
  return comments;
}

function startsRegex(last) {
  if (last === '') return true;
  if (/^[A-Za-z_$]/.test(last)) return REGEX_AFTER_WORD.has(last);
  return !/[\w$)\]}'"`]/.test(last);
}

function skipQuoted(text, start, quote) {
  let index = start + 1;
  while (index < text.length && text[index] !== quote && text[index] !== '\n') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** From just after a backtick (or a `}` closing `${`) to just after the closing backtick or at the next `${`. */
function skipTemplate(text, start, templateDepths, braceDepth) {
  let index = start;
  while (index < text.length) {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '`') return index + 1;
    else if (text[index] === '$' && text[index + 1] === '{') {
      templateDepths.push(braceDepth);
      return index + 2;
    } else index += 1;
  }
  return index;
}

/** The end of a regular expression literal starting at `start`, or -1 when the line has none (then it was a division). */
function skipRegex(text, start) {
  let index = start + 1;
  let inClass = false;
  while (index < text.length && text[index] !== '\n') {
    const char = text[index];
    if (char === '\\') index += 2;
    else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) {
        index += 1;
        while (/[a-z]/.test(text[index] ?? '')) index += 1;
        return index;
      }
      index += 1;
    }
  }
  return -1;
}

function blockComments(text) {
  const comments = [];
  for (const match of text.matchAll(/\/\*([\s\S]*?)(?:\*\/|$)/g)) {
    comments.push({ line: text.slice(0, match.index).split('\n').length, text: match[1] });
  }
  return comments;
}

/** `#` comments of a line-based file: a `#` at the start or after a blank, outside quotes (good enough for shell). */
function hashComments(text) {
  const comments = [];
  text.split('\n').forEach((line, number) => {
    let quote = null;
    for (let index = 0; index < line.length; index += 1) {
      const char = line[index];
      if (quote) {
        if (char === '\\') index += 1;
        else if (char === quote) quote = null;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]))) {
        comments.push({ line: number + 1, text: line.slice(index + 1) });
        return;
      }
    }
  });
  return comments;
}

/** Python: `#` comments and triple-quoted strings (docstrings); other strings are skipped. */
function pythonComments(text) {
  const comments = [];
  let index = 0;
  const lineAt = (offset) => text.slice(0, offset).split('\n').length;
  while (index < text.length) {
    const char = text[index];
    if (char === '#') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      comments.push({ line: lineAt(index), text: text.slice(index + 1, stop) });
      index = stop;
    } else if ((char === '"' || char === "'") && text.startsWith(char.repeat(3), index)) {
      const end = text.indexOf(char.repeat(3), index + 3);
      const stop = end === -1 ? text.length : end;
      comments.push({ line: lineAt(index), text: text.slice(index + 3, stop) });
      index = stop + 3;
    } else if (char === '"' || char === "'") {
      index = skipQuoted(text, index, char);
    } else index += 1;
  }
  return comments;
}

/** The parts of a file that are prose about the code: whole docs, or the comments of source files. */
export function extractComments({ file, text }) {
  switch (commentStyle(file, text)) {
    case 'whole':
      return [{ line: 1, text }];
    case 'js':
      return jsComments(text);
    case 'css':
      return blockComments(text);
    case 'python':
      return pythonComments(text);
    case 'hash':
      return hashComments(text);
    default:
      return [];
  }
}
