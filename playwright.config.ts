import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './e2e/support/chromium-args.mjs';
import { EMBED_PARENT_PORT, LLM_SERVER_PORT, LOCAL_APP_PORT, S3_APP_PORT, S3_BUCKET, S3RVER_PORT, WHEEL_INDEX_PORT } from './e2e/support/e2e-ports';

// Tier 4: Debian's Chromium (never a downloaded browser) against a production build on loopback. Two servers run
// the same build: one on local storage (project `local`, every spec but the S3 one) and one on STORAGE=s3 against
// an in-process s3rver (project `s3`, e2e/data-s3.spec.ts only), so no spec runs twice. A third server is the scripted
// LLM: an OpenAI-compatible endpoint on loopback that the local app's real provider talks to.
export const BASE_URL = `http://127.0.0.1:${LOCAL_APP_PORT}`;
const S3_BASE_URL = `http://127.0.0.1:${S3_APP_PORT}`;
const S3_SPEC = /data-s3\.spec\.ts$/;

export default defineConfig({
  testDir: './e2e',
  // Only specs: e2e/support/**/*.test.ts are unit tests of the suite's own servers (Vitest runs them).
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e-report.json' }]],
  use: {
    baseURL: BASE_URL,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'local', testIgnore: S3_SPEC },
    { name: 's3', testMatch: S3_SPEC, use: { baseURL: S3_BASE_URL } },
  ],
  webServer: [
    {
      command: `npm run build && npx next start -H 127.0.0.1 -p ${LOCAL_APP_PORT}`,
      url: `${BASE_URL}/`,
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        DATA_DIR: process.env.E2E_DATA_DIR ?? '.data/e2e',
        NEXT_TELEMETRY_DISABLED: '1',
        // Deterministic models for the Ask specs through the app's real OpenAI-compatible provider: the scripted
        // server below answers from e2e/fixtures/ask-script.json, re-read on every call.
        OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${LLM_SERVER_PORT}/v1`,
        OPENAI_COMPATIBLE_MODEL: 'scripted',
        LLM_RATE_LIMIT_PER_MINUTE: '0',
        LLM_MAX_RETRIES: '0',
        // A mirror that refuses at once (loopback port 9): the workspace must say so before the first question, and
        // the suite must not depend on whether this machine can reach the public CDN.
        PYODIDE_PACKAGES_URL: 'http://127.0.0.1:9/pyodide-mirror/',
        // e2e/wheels.spec.ts serves test wheels here while it runs; never PyPI from a test.
        PYTHON_WHEELS_URL: `http://127.0.0.1:${WHEEL_INDEX_PORT}/simple/`,
        PYTHON_EXTRA_WHEELS: 'seaborn,tinyplot',
        // e2e/share.spec.ts frames /embed/<id> from this loopback origin (and from another one that is not listed).
        EMBED_ALLOWED_ORIGINS: `http://127.0.0.1:${EMBED_PARENT_PORT}`,
      },
    },
    {
      // The scripted LLM (e2e/support/llm-server/server.ts, bundled and started by this script).
      command: 'node e2e/support/start-llm-server.mjs',
      url: `http://127.0.0.1:${LLM_SERVER_PORT}/health`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { E2E_LLM_PORT: String(LLM_SERVER_PORT), E2E_LLM_SCRIPT_FILE: 'e2e/fixtures/ask-script.json' },
    },
    {
      // Starts s3rver, waits for the first server (so the build above has finished; no second build), then
      // `next start` with the S3 configuration. The legacy OpenSSL provider is for s3rver's listing cursors.
      command: 'node --openssl-legacy-provider e2e/support/start-s3-app.mjs',
      url: `${S3_BASE_URL}/`,
      timeout: 360_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        E2E_S3_PORT: String(S3_APP_PORT),
        E2E_S3RVER_PORT: String(S3RVER_PORT),
        E2E_S3_BUCKET: S3_BUCKET,
        E2E_WAIT_FOR_URL: `${BASE_URL}/`,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
