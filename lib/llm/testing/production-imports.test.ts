/**
 * The app has no test model: no code outside the tests may import the AI SDK's mocks (`ai/test`) or a test-only
 * module (a `testing/` or `test-support/` folder — the scripted model lives in lib/llm/testing/ — or a `*.test` file).
 * Scans the import specifiers of every source file of the app (app/, lib/, components/, workers/ and the root files
 * Next loads), test files excepted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const APP_DIRS = ['app', 'lib', 'components', 'workers'];
const APP_FILES = ['proxy.ts', 'instrumentation.ts', 'next.config.mjs'];
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const TEST_FOLDERS = new Set(['testing', 'test-support']);
const TEST_FILE = /\.test(\.[a-z]+)?$/;

function isTestOnly(file: string): boolean {
  return file.split(/[\\/]/).some((segment) => TEST_FOLDERS.has(segment)) || TEST_FILE.test(file);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE.test(name) ? [full] : [];
  });
}

/** Static imports and re-exports, side-effect imports, dynamic import() and require(). */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g)].map((match) => match[1] ?? '');
}

/** Why `specifier`, imported by `file`, is test-only; null when it is not. */
function testOnlyImport({ file, specifier }: { file: string; specifier: string }): string | null {
  if (specifier === 'ai/test' || specifier.startsWith('ai/test/')) return 'the AI SDK mocks';
  const target = specifier.startsWith('@/')
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(file), specifier)
      : null;
  if (target !== null && isTestOnly(path.relative(ROOT, target))) return 'a test-only module';
  return null;
}

function violations(files: string[]): string[] {
  return files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
      const why = testOnlyImport({ file, specifier });
      return why ? [`${path.relative(ROOT, file)} imports ${specifier} (${why})`] : [];
    }),
  );
}

describe('production code and the scripted test model', () => {
  it('finds what it looks for: ai/test and testing/ modules, by alias or relative path, statically or dynamically', () => {
    const file = path.join(ROOT, 'lib/llm/server/providers.ts');
    const source = [
      "import { MockLanguageModelV4 } from 'ai/test';",
      "import { createScriptedModel } from '@/lib/llm/testing/scripted-model';",
      "export { scriptedProvider } from '../llm/testing/scripted-provider';",
      "const model = await import('@/lib/llm/testing/script-file-provider');",
      "import '@/app/test-support/access-world';",
      "import { createProvider } from './providers.test';",
      "import { generateText } from 'ai';",
      "import { openAiCompatibleModel } from './providers';",
    ].join('\n');
    expect(specifiers(source).map((specifier) => testOnlyImport({ file, specifier }) !== null)).toEqual([true, true, true, true, true, true, false, false]);
  });

  it('no app source imports ai/test or a test-only module', () => {
    const files = [...APP_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir))), ...APP_FILES.map((name) => path.join(ROOT, name))].filter(
      (file) => !isTestOnly(path.relative(ROOT, file)),
    );
    // The scan covers the app: the providers and the pipeline are among the files read.
    expect(files.map((file) => path.relative(ROOT, file))).toEqual(
      expect.arrayContaining(['lib/llm/server/providers.ts', 'lib/llm/server/llm-call.ts', 'app/layout.tsx']),
    );
    expect(violations(files)).toEqual([]);
  });
});
