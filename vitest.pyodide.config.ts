import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Tier 3: the kernel on real Pyodide (from npm) in Node, standard-library code. With PYODIDE_PACKAGES_TIER=1
// (set by scripts/test-all.mjs only when PYODIDE_PACKAGES_URL answers) it runs the pandas/matplotlib tier instead.
const packagesTier = process.env.PYODIDE_PACKAGES_TIER === '1';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: [packagesTier ? '**/*.pyodide-packages.test.ts' : '**/*.pyodide.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
