// `npm run eval`: bundles bench/eval/main.ts with esbuild (the `@/` paths come from tsconfig.json; `server-only` is
// the stub the unit tests use, since this runs outside Next) and runs it with Node. Options go through the
// environment: EVAL_ONLY=<regex of question ids>; a model key (see lib/llm/server/providers.ts) to measure that model.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Under bench/results (git-ignored) so that the bundle's bare imports resolve to the project's node_modules.
const outfile = path.join(repo, 'bench/results/.eval-build/main.mjs');
await build({
  entryPoints: [path.join(repo, 'bench/eval/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundled whole: some modules import JSON (pyodide-lock.json) without the attribute Node 20 requires.
  alias: { 'server-only': path.join(repo, 'lib/testing/server-only-stub.ts') },
  // CommonJS dependencies (the AI SDK's) call require() for Node built-ins; ESM output needs one defined.
  banner: { js: "import { createRequire as __evalCreateRequire } from 'node:module'; const require = __evalCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
const { status } = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: repo });
process.exit(status ?? 1);
