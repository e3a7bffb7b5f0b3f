import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPaths, findStaleReferences } from './check-references.mjs';
import { extractComments } from './source-comments.mjs';

// A small repository in memory: every file that exists, and the text of those the checker reads. Paths built with
// `missing` name nothing in it; they are assembled so that this file's own comments name no missing path.
const missing = (name: string) => `lib/gone/${name}`;

const fixture: Record<string, string> = {
  'lib/core/env.ts': 'export const x = 1;\n',
  'lib/files/actions.ts': 'export {};\n',
  'lib/share/actions.ts': 'export {};\n',
  'app/a/[id]/page.tsx': 'export default function Page() { return null; }\n',
  'e2e/screens-layout.spec.ts': '',
  'e2e/screens-theme.spec.ts': '',
  'workers/python/kernel.py': '',
  'lib/refs.ts': [
    '// Reads lib/core/env.ts and the folder workers/python/ (both exist).',
    `// Line 2 names ${missing('line-two.ts')}, which does not exist.`,
    '/*',
    ' * A block comment: app/a/[id]/page.tsx exists;',
    ` * ${missing('in-block.ts')} does not (line 5).`,
    ' */',
    `const url = 'https://example.com/${missing('in-url.ts')}';`,
    `const text = "${missing('in-string.ts')} // not a comment";`,
    `const pattern = /[//]${missing('in-regex').replaceAll('/', '\\/')}/; // after a regex: @/${missing('aliased.ts')}`,
    `const half = 10 / 2; // after a division: ${missing('after-division.ts')}`,
    `const template = \`\${url}//${missing('in-template.ts')}\${'//'}\`; // after a template: (see ${missing('parenthesised.ts')}).`,
    `// Not a path without an extension or a slash: ${missing('module')}; another repository: owner/repo/${missing('theirs.ts')}`,
    '// Globs: e2e/screens-*.spec.ts matches, e2e/nothing-*.spec.ts does not; lib/{files,share}/actions.ts both exist,',
    '// lib/{files,gone}/actions.ts one does not.',
    `// Output folders git ignores are fine: lib/ignored/out/ and ${missing('out/')}`,
  ].join('\n'),
  'README.md': `# Docs\n\nSee lib/core/env.ts and \`${missing('in-readme.md')}\`.\n`,
  '.env.example': `# AI_SCRIPT_FILE=${missing('script.json')}\n`,
  'workers/python/refs.py': [
    '"""Docstring naming lib/core/env.ts and',
    `${missing('in-docstring.py')}."""`,
    `PATH = "${missing('python-string.py')}"  # ${missing('python-comment.py')}`,
  ].join('\n'),
  'scripts/run.sh': `#!/bin/sh\necho "${missing('shell-string.sh')}" # ${missing('shell-comment.sh')}\n`,
  'scripts/launcher': `#!/usr/bin/env bash\n# Starts ${missing('launcher.sh')}\n`,
  LICENSE: `Not a script: ${missing('licence.ts')}\n`,
  'app/style.css': `/* ${missing('in-css.css')} */\n.a { color: red; }\n`,
  'data.json': `{ "path": "${missing('in-json.json')}" }\n`,
};

const files = Object.keys(fixture).sort();
const read = (file: string) => fixture[file] ?? '';

describe('check-references', () => {
  it('reports every missing path in comments and docs, with its file and line, and nothing else', () => {
    const stale = findStaleReferences({ files, read, isIgnored: (reference) => reference === 'lib/ignored/out/' });
    expect(stale).toEqual([
      { file: '.env.example', line: 1, reference: missing('script.json') },
      { file: 'README.md', line: 3, reference: missing('in-readme.md') },
      { file: 'app/style.css', line: 1, reference: missing('in-css.css') },
      { file: 'lib/refs.ts', line: 2, reference: missing('line-two.ts') },
      { file: 'lib/refs.ts', line: 5, reference: missing('in-block.ts') },
      { file: 'lib/refs.ts', line: 9, reference: missing('aliased.ts') },
      { file: 'lib/refs.ts', line: 10, reference: missing('after-division.ts') },
      { file: 'lib/refs.ts', line: 11, reference: missing('parenthesised.ts') },
      { file: 'lib/refs.ts', line: 13, reference: 'e2e/nothing-*.spec.ts' },
      { file: 'lib/refs.ts', line: 14, reference: 'lib/{files,gone}/actions.ts' },
      { file: 'lib/refs.ts', line: 15, reference: missing('out/') },
      { file: 'scripts/launcher', line: 2, reference: missing('launcher.sh') },
      { file: 'scripts/run.sh', line: 2, reference: missing('shell-comment.sh') },
      { file: 'workers/python/refs.py', line: 2, reference: missing('in-docstring.py') },
      { file: 'workers/python/refs.py', line: 3, reference: missing('python-comment.py') },
    ]);
  });

  it('reads comments, not code, in TypeScript', () => {
    const comments = extractComments({ file: 'x.ts', text: fixture['lib/refs.ts']! }).map((comment) => comment.text.trim());
    expect(comments.some((text) => text.includes('in-string'))).toBe(false);
    expect(comments.some((text) => text.includes('in-template'))).toBe(false);
    expect(comments.some((text) => text.includes('in-regex'))).toBe(false);
    expect(comments.filter((text) => text.startsWith('after a'))).toHaveLength(3);
  });

  it('trims prose punctuation but keeps the brackets of route folders', () => {
    expect(findPaths('(see lib/core/env.ts). And app/a/[id]/page.tsx, then lib/core/, done.').map((found) => found.path)).toEqual([
      'lib/core/env.ts',
      'app/a/[id]/page.tsx',
      'lib/core/',
    ]);
  });

  describe('the command on a git checkout', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'check-references-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    const run = () => spawnSync(process.execPath, [path.resolve('scripts/check-references.mjs'), root], { encoding: 'utf8' });

    it('fails naming the stale path, accepts ignored outputs, and passes once the path exists', () => {
      execFileSync('git', ['init', '-q'], { cwd: root });
      write('.gitignore', 'bench/results/\n');
      write('lib/a.ts', `// Writes into bench/results/ and reads ${missing('b.ts')}.\nexport {};\n`);
      const failing = run();
      expect(failing.status).toBe(1);
      expect(failing.stderr).toContain(`lib/a.ts:1: ${missing('b.ts')} does not exist`);
      expect(failing.stderr).not.toContain('bench/results/');

      write(missing('b.ts'), 'export {};\n');
      const passing = run();
      expect(passing.stderr).toBe('');
      expect(passing.status).toBe(0);
    });
  });
});
