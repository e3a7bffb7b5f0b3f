#!/usr/bin/env node
// `npm run check:references`: every repository path a comment or a doc names must exist. A path is a word that
// starts with one of the top-level folders below (optionally written `@/lib/...`) and ends with a file extension
// (`lib/core/server/env.ts`), a trailing slash (`workers/python/`) or a glob (`e2e/screens-*.spec.ts`,
// `lib/{files,share}/actions.ts`), and is checked against the files git knows (tracked, or new and not ignored), so a
// file that exists only on one machine does not count; a path git ignores (`bench/results/`) is where a build or run
// writes, and counts as existing. What is read of each file is in scripts/source-comments.mjs (docs whole, comments of
// code). Paths inside URLs or other repositories' paths (`owner/repo/lib/x.ts`) are not ours and are skipped.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commentStyle, extractComments } from './source-comments.mjs';

export const TOP_LEVEL_FOLDERS = ['app', 'bench', 'components', 'docs', 'e2e', 'lib', 'scripts', 'workers'];

// A path: not glued to a word, a dot, a slash or a URL (`https://host/lib/x.ts`, `owner/repo/lib/x.ts`, `../lib/x`).
const PATH_PATTERN = new RegExp(`(?<![\\w./@:~-])(?:@/)?((?:${TOP_LEVEL_FOLDERS.join('|')})/[\\w.\\-\\[\\]()/*{},@+]*)`, 'g');

function trimPunctuation(candidate) {
  let value = candidate;
  // A closing bracket ends the path only when the path did not open it: `(see lib/core/server/env.ts)` vs `app/a/[id]/page.tsx`.
  const unopened = (closing, opening) => value.split(closing).length > value.split(opening).length;
  for (;;) {
    if (/[.,:;{]$/.test(value)) value = value.slice(0, -1);
    else if (value.endsWith(')') && unopened(')', '(')) value = value.slice(0, -1);
    else if (value.endsWith(']') && unopened(']', '[')) value = value.slice(0, -1);
    else if (value.endsWith('}') && unopened('}', '{')) value = value.slice(0, -1);
    else return value;
  }
}

/** Repository paths named in a piece of prose, with their offsets: only those with an extension, a trailing slash or a glob. */
export function findPaths(text) {
  const found = [];
  for (const match of text.matchAll(PATH_PATTERN)) {
    const value = trimPunctuation(match[1]);
    const last = value.split('/').at(-1);
    const isPath = value.endsWith('/') || /\.[A-Za-z0-9]+$/.test(last) || /[*{]/.test(value);
    if (isPath) found.push({ path: value, offset: match.index + match[0].length - match[1].length });
  }
  return found;
}

/** `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested braces too). */
function expandBraces(pattern) {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  return match[1].split(',').flatMap((choice) => expandBraces(pattern.slice(0, match.index) + choice + pattern.slice(match.index + match[0].length)));
}

function globToRegExp(glob) {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      source += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^$()[\]\\|]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}

/** Whether a named path exists among the files (a file, a folder holding some, or a glob matching at least one). */
export function pathExists({ reference, files, folders }) {
  return expandBraces(reference).every((candidate) => {
    if (candidate.includes('*')) {
      const pattern = globToRegExp(candidate);
      return files.some((file) => pattern.test(file)) || [...folders].some((folder) => pattern.test(folder));
    }
    return candidate.endsWith('/') ? folders.has(candidate.slice(0, -1)) : files.includes(candidate) || folders.has(candidate);
  });
}

function foldersOf(files) {
  const folders = new Set();
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) folders.add(parts.slice(0, depth).join('/'));
  }
  return folders;
}

/**
 * Every path named in the given files' comments and docs that does not exist among `files`. `read` returns a file's
 * text; `isIgnored` says which of the missing paths git ignores (outputs, accepted). Lines are 1-based.
 */
export function findStaleReferences({ files, read, isIgnored = () => false }) {
  const folders = foldersOf(files);
  const stale = [];
  for (const file of files) {
    // Extension-less files are read to find shell scripts by their `#!` line; other unknown kinds are never read.
    if (!commentStyle(file) && path.extname(file) !== '') continue;
    const text = read(file);
    for (const comment of extractComments({ file, text })) {
      for (const { path: reference, offset } of findPaths(comment.text)) {
        if (pathExists({ reference, files, folders }) || isIgnored(reference)) continue;
        const line = comment.line + comment.text.slice(0, offset).split('\n').length - 1;
        stale.push({ file, line, reference });
      }
    }
  }
  return stale;
}

/** Whether git ignores a path (a build or run output such as `bench/results/`); globs are never taken as ignored. */
export function gitIgnores({ root, reference }) {
  if (/[*{]/.test(reference)) return false;
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', reference], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Tracked files plus new ones git does not ignore, relative to `root`. */
export function repositoryFiles({ root }) {
  const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const listed = [...new Set(output.split('\0').filter(Boolean))];
  // A deleted file that is still in the index is gone for the reader.
  const deleted = new Set(execFileSync('git', ['ls-files', '-z', '--deleted'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean));
  return listed.filter((file) => !deleted.has(file)).sort();
}

// `node scripts/check-references.mjs [root]`: the repository this script is in, unless another checkout is named.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const files = repositoryFiles({ root });
  const stale = findStaleReferences({
    files,
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    isIgnored: (reference) => gitIgnores({ root, reference }),
  });
  for (const { file, line, reference } of stale) console.error(`${file}:${line}: ${reference} does not exist`);
  if (stale.length > 0) {
    console.error(
      `check:references: ${stale.length} reference${stale.length === 1 ? '' : 's'} to paths that do not exist (fix the comment or doc, or the path).`,
    );
    process.exit(1);
  }
  console.log(`check:references: every path named in the comments and docs of ${files.length} files exists.`);
}
