import { expect } from 'vitest';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import type { Owner } from '@/lib/access/server/caller';
import { expectCodedError } from '@/lib/testing/expect-error';
import { DatasetError } from '../server/dataset-errors';
import type { DatasetSummary, UploadTicket } from '../dataset-types';
import { registerUploadedDataset } from '../server/register-service';
import { completeDatasetUpload, createDatasetUpload } from '../server/upload-service';

/** The caller of the service suites: one owner, with the prefixes the import cases share. */
export const TEST_OWNER: Owner = { ownerHash: 'a'.repeat(64), sharedPrefixes: ['incoming/', 'bulk/'] };
/** Another browser: owns nothing of TEST_OWNER's, sees the same shared prefixes. */
export const OTHER_OWNER: Owner = { ownerHash: 'b'.repeat(64), sharedPrefixes: TEST_OWNER.sharedPrefixes };

/** Sends the bytes the way the browser does: one signed PUT, or each part then completeUpload. */
export async function sendThroughPlan({
  fixture,
  ticket,
  body,
  owner = TEST_OWNER,
}: {
  fixture: ContractFixture;
  ticket: UploadTicket;
  body: Uint8Array<ArrayBuffer>;
  owner?: Owner;
}): Promise<void> {
  const { plan } = ticket;
  if (plan.kind === 'single') {
    const response = await fixture.request({ url: plan.url, init: { method: 'PUT', headers: plan.headers, body } });
    expect(response.status, await response.clone().text()).toBe(200);
    return;
  }
  const parts = [];
  for (const part of plan.parts) {
    const start = (part.partNumber - 1) * plan.partSize;
    const response = await fixture.request({
      url: part.url,
      init: { method: 'PUT', body: body.slice(start, start + plan.partSize) },
    });
    expect(response.status).toBe(200);
    parts.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
  }
  await completeDatasetUpload({ storage: fixture.driver, viewer: owner, id: ticket.id, uploadId: plan.uploadId, parts });
}

/** createUpload → PUT → register, as the files panel does. */
export async function uploadDataset({
  fixture,
  fileName,
  body,
  folder,
  owner = TEST_OWNER,
}: {
  fixture: ContractFixture;
  fileName: string;
  body: string | Uint8Array<ArrayBuffer>;
  folder?: string;
  owner?: Owner;
}): Promise<{ ticket: UploadTicket; dataset: DatasetSummary }> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const ticket = await createDatasetUpload({
    storage: fixture.driver,
    owner,
    fileName,
    size: bytes.length,
    folder,
    maxUploadBytes: fixture.maxUploadBytes,
  });
  await sendThroughPlan({ fixture, ticket, body: bytes, owner });
  const dataset = await registerUploadedDataset({ storage: fixture.driver, viewer: owner, id: ticket.id });
  return { ticket, dataset };
}

/** Awaits a promise expected to fail with a DatasetError of `code`. */
export async function expectDatasetError(promise: Promise<unknown>, code: DatasetError['code']): Promise<DatasetError> {
  return expectCodedError({ promise, errorClass: DatasetError, code, what: 'a DatasetError' });
}

/** Every object key under a prefix (all pages). */
export async function keysUnder({ fixture, prefix }: { fixture: ContractFixture; prefix: string }): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fixture.driver.listObjects({ prefix, cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

export const SALES_CSV = 'region,units,price\nNorth,3,2.5\nSouth,4,1.25\nEast,7,3\n';
