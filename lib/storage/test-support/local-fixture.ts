import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GET, PUT } from '@/app/api/storage/object/route';
import { resetEnvCache } from '@/lib/core/server/env';
import { getStorage, resetStorageCache } from '../server/index';
import type { ContractFixture } from './storage-contract';

const LOCAL_MAX_UPLOAD_MB = 64;

/**
 * The local driver as the app runs it: configured from the environment (STORAGE=local, DATA_DIR=<temp>), with the
 * browser's requests going to the real route handlers of app/api/storage/object. Vitest runs each test file in its
 * own process, so setting process.env here cannot leak into other files.
 */
export async function setupLocalFromEnv({ signingSecret }: { signingSecret?: string } = {}): Promise<ContractFixture & { dataDir: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'storage-local-'));
  process.env.STORAGE = 'local';
  process.env.DATA_DIR = dataDir;
  process.env.MAX_UPLOAD_MB = String(LOCAL_MAX_UPLOAD_MB);
  if (signingSecret) process.env.SIGNING_SECRET = signingSecret;
  else delete process.env.SIGNING_SECRET;
  resetEnvCache();
  resetStorageCache();
  return {
    driver: getStorage(),
    dataDir,
    maxUploadBytes: LOCAL_MAX_UPLOAD_MB * 1024 * 1024,
    async request({ url, init }) {
      // Local URLs are app-relative; the origin is irrelevant to the handlers.
      const request = new Request(new URL(url, 'http://app.test'), init);
      if (request.method === 'PUT') return PUT(request);
      if (request.method === 'GET' || request.method === 'HEAD') return GET(request);
      return new Response(null, { status: 405 });
    },
    async close() {
      resetStorageCache();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
