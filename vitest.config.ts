import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Tier 1: fast unit tests (no Pyodide, no browser). Pyodide-in-Node tests live in vitest.pyodide.config.ts.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname), 'server-only': path.resolve(__dirname, 'lib/testing/server-only-stub.ts') } },
  test: {
    // e2e/support: the e2e suite's own servers (Playwright runs only e2e/**/*.spec.ts). scripts: the repository checks.
    include: [
      'lib/**/*.test.ts',
      'workers/**/*.test.ts',
      'components/**/*.test.ts',
      'app/**/*.test.ts',
      'bench/**/*.test.ts',
      'e2e/support/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/*.pyodide.test.ts', '**/*.pyodide-packages.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    // s3rver (storage tests) encrypts listing continuation tokens with DES, which Node 20's OpenSSL 3 offers only
    // with the legacy provider; test workers are forked processes, so the flag reaches them here.
    execArgv: ['--openssl-legacy-provider'],
  },
});
