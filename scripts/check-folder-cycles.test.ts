import { describe, expect, it } from 'vitest';
import { cycleGroups, findCycles, folderGraph, importSpecifiers, targetStep } from './check-folder-cycles.mjs';

describe('import specifiers', () => {
  it('finds static, multi-line, type-only, re-export, side-effect and dynamic imports, and nothing in comments or strings', () => {
    const source = [
      "import { a } from '@/lib/ask/contracts';",
      'import {',
      '  b,',
      '  type C,',
      "} from '../files/dataset-briefs';",
      "import type { D } from './local';",
      "export { e } from '@/lib/llm/model-contract';",
      "export * from '../kernel/kernel-types';",
      "import 'server-only';",
      "const f = await import('@/lib/results/client/vega-render');",
      ' * import { g } from "@/lib/share/analysis-record" (a doc comment)',
      "export const PATH = './not-an-import';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      '@/lib/ask/contracts',
      '../files/dataset-briefs',
      './local',
      '@/lib/llm/model-contract',
      '../kernel/kernel-types',
      'server-only',
      '@/lib/results/client/vega-render',
    ]);
  });

  it('maps a specifier to the lib/ step it reaches, or null outside lib/', () => {
    expect(targetStep('lib/ask/server/prompts.ts', '@/lib/files/dataset-briefs')).toBe('files');
    expect(targetStep('lib/ask/server/prompts.ts', '../../files/dataset-briefs')).toBe('files');
    expect(targetStep('lib/ask/server/prompts.ts', './runtime-facts')).toBe('ask');
    expect(targetStep('lib/ask/server/prompts.ts', '@/lib/storage/server')).toBe('storage');
    expect(targetStep('lib/ask/server/prompts.ts', '@/workers/policy.json')).toBeNull();
    expect(targetStep('lib/ask/server/prompts.ts', '../../../app/api/ask/route')).toBeNull();
    expect(targetStep('lib/ask/server/prompts.ts', 'zod')).toBeNull();
  });
});

describe('folder cycles', () => {
  it('reports a cycle through three step folders as one group, with one cycle from its first folder', () => {
    const graph = folderGraph({
      'lib/a/x.ts': "import { y } from '@/lib/b/y';",
      'lib/b/server/y.ts': "import { z } from '../../c/z';",
      'lib/c/z.ts': "import type { X } from '@/lib/a/x';",
      // d imports into the cycle but nothing imports d: not part of it.
      'lib/d/w.ts': "import { x } from '@/lib/a/x';",
    });
    expect(cycleGroups(graph)).toEqual([['a', 'b', 'c']]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(graph.get('b')?.get('c')).toBe('lib/b/server/y.ts → ../../c/z');
  });

  it('reports separate groups separately and picks the shortest cycle inside a group', () => {
    const graph = folderGraph({
      'lib/a/x.ts': "import { b } from '@/lib/b/b';\nimport { c } from '@/lib/c/c';",
      'lib/b/b.ts': "import { c } from '@/lib/c/c';",
      'lib/c/c.ts': "import { a } from '@/lib/a/x';",
      'lib/e/e.ts': "export { f } from '@/lib/f/f';",
      'lib/f/f.ts': "const e = await import('@/lib/e/e');",
    });
    expect(cycleGroups(graph)).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'c', 'a'],
      ['e', 'f', 'e'],
    ]);
  });

  it('finds none in a layered graph, and ignores imports inside a folder and from tests and their helpers', () => {
    const graph = folderGraph({
      'lib/core/env.ts': '',
      'lib/files/a.ts': "import { env } from '@/lib/core/env';\nimport { b } from './server/b';",
      'lib/files/server/b.ts': "import { a } from '../a';",
      'lib/ask/c.ts': "import { a } from '@/lib/files/a';",
      'lib/core/env.test.ts': "import { c } from '@/lib/ask/c';",
      'lib/core/test-support/world.ts': "import { c } from '@/lib/ask/c';",
      'lib/files/testing/fake.ts': "import { c } from '@/lib/ask/c';",
    });
    expect(cycleGroups(graph)).toEqual([]);
    expect(findCycles(graph)).toEqual([]);
    expect([...(graph.get('files')?.keys() ?? [])]).toEqual(['core']);
  });
});
