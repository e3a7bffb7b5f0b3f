import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveAnalysis } from '@/lib/share/server/analysis-service';
import { saveConversation } from '@/lib/conversations/server/conversation-store';
import { sampleConversation } from '@/lib/conversations/test-support/conversation-fixture';
import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { sampleInput } from '@/lib/share/test-support/analysis-fixture';
import type { CookieWrite } from '@/lib/share/test-support/next-headers-mock';
import { createDatasetUpload } from '@/lib/files/server/upload-service';
import { SALES_CSV, uploadDataset } from '@/lib/files/test-support/dataset-fixture';
import { resetEnvCache } from '@/lib/core/server/env';
import { installPeerAddressHeader } from '@/lib/access/server/peer-address';
import { getStorage, resetStorageCache } from '@/lib/storage/server';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { GET, PUT } from '@/app/api/storage/object/route';

/**
 * The world the access test probes: owner A with a registered dataset, a pending upload, a saved analysis (re-runs
 * off) and an autosaved conversation, on local storage from the environment, with SHARED_PREFIXES set. Callers are "nobody" (no cookie) and "B"
 * (another owner's cookie). `snapshot` is every stored key with its bytes, to prove a refusal changed nothing.
 */

export interface AccessWorld {
  fixture: ContractFixture;
  a: { token: string; hash: string; datasetId: string; pendingId: string; analysisId: string; conversationId: string; datasetKey: string };
  strangers: Array<{ name: string; token: string | null }>;
  snapshot: () => Promise<Map<string, string>>;
}

export const SHARED_PREFIX = 'shared/';

export async function buildAccessWorld(): Promise<AccessWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'access-'));
  process.env.STORAGE = 'local';
  process.env.DATA_DIR = dataDir;
  process.env.SHARED_PREFIXES = SHARED_PREFIX;
  process.env.AI_PROVIDER = 'offline';
  resetEnvCache();
  resetStorageCache();
  installPeerAddressHeader();
  const storage = getStorage();
  const fixture: ContractFixture = {
    driver: storage,
    maxUploadBytes: 64 * 1024 * 1024,
    async request({ url, init }) {
      const request = new Request(new URL(url, 'http://app.test'), init);
      return request.method === 'PUT' ? PUT(request) : GET(request);
    },
    async close() {
      resetStorageCache();
    },
  };
  const token = newOwnerToken();
  const hash = hashOwnerToken({ token });
  const owner = { ownerHash: hash, sharedPrefixes: [SHARED_PREFIX] };
  const { dataset } = await uploadDataset({ fixture, fileName: 'payroll.csv', body: SALES_CSV, owner });
  const pending = await createDatasetUpload({ storage, owner, fileName: 'wip.csv', size: 10, maxUploadBytes: fixture.maxUploadBytes });
  const analysis = await saveAnalysis({ storage, ownerHash: hash, input: sampleInput({ datasetIds: [dataset.id], allowRerun: false }) });
  const conversationId = 'CCCCCCCCCCCCCCCCCCCCCA';
  await saveConversation({ storage, ownerHash: hash, id: conversationId, input: sampleConversation({ datasetId: dataset.id }) });
  await storage.putObject({ key: `${SHARED_PREFIX}open.csv`, body: 'a,b\n1,2\n' });
  const snapshot = async () => {
    const all = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await storage.listObjects({ prefix: '', cursor });
      for (const { key } of page.objects) all.set(key, Buffer.from((await storage.getObject({ key })) ?? []).toString('base64'));
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  return {
    fixture,
    a: { token, hash, datasetId: dataset.id, pendingId: pending.id, analysisId: analysis.id, conversationId, datasetKey: dataset.key },
    strangers: [
      { name: 'no cookie', token: null },
      { name: 'another owner', token: newOwnerToken() },
    ],
    snapshot,
  };
}

/** Puts the caller's cookie (or none) into the mocked next/headers jar. */
export function actAs({ jar, token }: { jar: Map<string, CookieWrite>; token: string | null }): void {
  jar.clear();
  if (token) jar.set(OWNER_COOKIE, { value: token });
}

export type Callable = (...args: unknown[]) => Promise<unknown>;
type ModuleLoaders = Record<string, () => Promise<Record<string, unknown>>>;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Every exported server action (`<file>.<name>`) and route handler (`<METHOD> <file>`), loaded from the globs the
 * access tests take of app/ (import.meta.glob must be written in the test file itself). Deliberately unchecked casts:
 * the tests call each one with hostile inputs to prove it refuses them.
 */
export async function loadCallables({
  actionModules,
  routeModules,
}: {
  actionModules: ModuleLoaders;
  routeModules: ModuleLoaders;
}): Promise<Map<string, Callable>> {
  const loaded = new Map<string, Callable>();
  for (const [file, load] of Object.entries(actionModules)) {
    const module = await load();
    // lib/<step>/actions.ts: an action is named by its step, e.g. files.createUpload
    const prefix = path.basename(path.dirname(file));
    for (const [name, value] of Object.entries(module)) if (typeof value === 'function') loaded.set(`${prefix}.${name}`, value as Callable);
  }
  for (const [file, load] of Object.entries(routeModules)) {
    const module = await load();
    for (const method of METHODS) if (typeof module[method] === 'function') loaded.set(`${method} ${file}`, module[method] as Callable);
  }
  return loaded;
}
