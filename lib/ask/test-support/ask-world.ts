import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resetCounterStore } from '@/lib/access/server/counter-db';
import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { installPeerAddressHeader, PEER_HEADER } from '@/lib/access/server/peer-address';
import { askEventSchema, type AskActionResult } from '@/lib/ask/ask-events';
import type { AskEvent, AskRequest, RepairRequest } from '@/lib/ask/contracts';
import { resetEnvCache } from '@/lib/core/server/env';
import { writeMeta } from '@/lib/files/server/dataset-records';
import { datasetId, makeMeta, VALID_CODE } from '@/lib/llm/testing/fixtures';
import { getStorage, resetStorageCache } from '@/lib/storage/server';
import type { AskMocks } from './ask-mocks';

/**
 * The world the ask actions and routes are tested in, with the real wiring: one browser owning two dataset records
 * (sales.csv, people.csv with an Age column) in local storage under a temporary DATA_DIR, the counters there, and the
 * script file the mocked provider reads (./ask-mocks.ts). Each test file gets its own owner (vitest isolates modules).
 */

export const ownerToken = newOwnerToken();
export const ownerHash = hashOwnerToken({ token: ownerToken });
export const sales = { ...makeMeta({ id: datasetId(1), displayName: 'sales.csv' }), ownerHash };
export const people = { ...makeMeta({ id: datasetId(2), displayName: 'people.csv', columns: [{ name: 'Age', type: 'integer' }] }), ownerHash };

const saved = { ...process.env };
let ipCounter = 0;

/**
 * The model's script for the action and route cases: selection picks people.csv; generation writes VALID_CODE in
 * chunks (and hangs on a question with "slow", for cancelling); repair simplifies; the answer streams a sentence
 * citing 42 (and fails with a quota error on a question with "quota").
 */
export const ASK_SCRIPT_RULES = [
  { when: 'select', respond: { datasets: [{ id: '@People.csv', reason: 'ages' }] } },
  { when: 'generate', match: 'slow', fail: 'hang' },
  { when: 'generate', respond: VALID_CODE, chunkChars: 20 },
  { when: 'repair', respond: { ...VALID_CODE, code: 'result = 1', change: 'Simplified.' } },
  { when: 'answer', match: 'quota', fail: 'quota' },
  { when: 'answer', respond: 'Revenue totals **42** (the result table).', chunkChars: 5 },
];

/** A fresh documentation address per call, so the per-address rate limit of one case never meets another's. */
export function nextPeerAddress(): string {
  return `192.0.2.${++ipCounter}`;
}

/** A temporary folder for this test file, with the script file's path set in it; returns its DATA_DIR. */
export function createAskDataDir({ mocks, prefix }: { mocks: AskMocks; prefix: string }): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mocks.script.path = path.join(dir, 'script.json');
  return path.join(dir, 'data');
}

/** The scripted provider's rules (lib/llm/testing/script-file-provider.ts), read afresh on every call. */
export function writeScript({ mocks, rules }: { mocks: AskMocks; rules: unknown[] }): void {
  writeFileSync(mocks.script.path, JSON.stringify({ rules }));
}

/** process.env becomes the one this file started with plus `env`; the caches that read it are dropped. */
export async function configureAskEnv(env: Record<string, string> = {}): Promise<void> {
  process.env = { ...saved, ...env };
  resetEnvCache();
  resetStorageCache();
  await resetCounterStore();
}

/** The two dataset records, written to the storage the environment names now. */
export async function writeAskDatasets(): Promise<void> {
  for (const meta of [sales, people]) await writeMeta({ storage: getStorage(), meta });
}

/** Each case starts as the owner's browser: its cookie alone, and (with `peer`) that address in the request headers. */
export function actAsOwner({ mocks, peer }: { mocks: AskMocks; peer?: string }): void {
  installPeerAddressHeader();
  const { state } = mocks.nextHeaders;
  state.jar.clear();
  state.jar.set(OWNER_COOKIE, { value: ownerToken });
  if (peer !== undefined) state.headers = new Headers({ [PEER_HEADER]: peer });
}

/** A question about sales.csv, with `overrides`. */
export const askBody = (overrides: Partial<AskRequest> = {}): AskRequest => ({
  question: 'Total revenue by region?',
  datasetIds: [sales.id],
  pinnedIds: [],
  history: [],
  ...overrides,
});

/** A repair of a division by zero in a question about sales.csv. */
export const repairBody: RepairRequest = {
  question: 'Total revenue?',
  datasetIds: [sales.id],
  attempts: [
    { code: 'result = 1/0', status: 'python', stdoutTail: '', error: { type: 'ZeroDivisionError', message: 'division by zero', line: 1, traceback: '' } },
  ],
  history: [],
};

/** Every event of an admitted ask or repair call, each checked as the page checks it. */
export async function readAskEvents(result: AskActionResult): Promise<AskEvent[]> {
  if (!result.ok) throw new Error(`refused: ${result.code}: ${result.message}`);
  const all: AskEvent[] = [];
  const reader = result.events.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return all;
    all.push(askEventSchema.parse(value));
  }
}
