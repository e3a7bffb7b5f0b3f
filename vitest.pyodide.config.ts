import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Tier 3: the kernel on real Pyodide (from npm) in Node, standard-library code only unless a package mirror is set.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['**/*.pyodide.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
