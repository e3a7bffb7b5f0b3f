import { describe, expect, it } from 'vitest';
import { MIB, setupS3 } from '@/lib/storage/test-support/s3-fixture';
import { listDatasets } from './catalog-service';
import { registerUploadedDataset } from './register-service';
import { describeDatasetService } from '../test-support/dataset-suite';
import { expectDatasetError, TEST_OWNER, keysUnder, sendThroughPlan, uploadDataset } from '../test-support/dataset-fixture';
import { abortDatasetUpload, completeDatasetUpload, createDatasetUpload } from './upload-service';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

describeDatasetService({ name: 's3 driver (s3rver on loopback, key prefix app-prefix/)', setup: () => setupS3() });

/** A CSV of at least `bytes` bytes. */
function bigCsv({ bytes }: { bytes: number }): Uint8Array<ArrayBuffer> {
  const lines = ['id,label,value'];
  let size = lines[0]!.length + 1;
  for (let index = 0; size < bytes; index += 1) {
    const line = `${index},row-${index},${(index * 0.5).toFixed(1)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

describe('dataset uploads: s3 multipart', () => {
  const fixture = suiteStorageFixture({ setup: () => setupS3({ multipartThresholdBytes: 5 * MIB, minPartSizeBytes: 5 * MIB }) });

  it('uploads a large file in parts, completes it with the ETags and registers it from its head', async () => {
    const body = bigCsv({ bytes: 11 * MIB });
    const { ticket, dataset } = await uploadDataset({ fixture, fileName: 'big.csv', body });
    expect(ticket.plan.kind).toBe('multipart');
    expect(ticket.plan.kind === 'multipart' && ticket.plan.parts).toHaveLength(3);
    expect(dataset).toMatchObject({ size: body.length, format: 'csv', rowEstimate: { exact: false } });
    expect(dataset.rowEstimate.value).toBeGreaterThan(300_000);
  });

  it('accepts only the upload id it planned for the dataset; cancel frees the parts and the record', async () => {
    const body = bigCsv({ bytes: 6 * MIB });
    const first = await createDatasetUpload({
      storage: fixture.driver,
      owner: TEST_OWNER,
      fileName: 'a.csv',
      size: body.length,
      maxUploadBytes: fixture.maxUploadBytes,
    });
    const second = await createDatasetUpload({
      storage: fixture.driver,
      owner: TEST_OWNER,
      fileName: 'b.csv',
      size: body.length,
      maxUploadBytes: fixture.maxUploadBytes,
    });
    if (first.plan.kind !== 'multipart' || second.plan.kind !== 'multipart') throw new Error('expected multipart plans');
    // The other dataset's upload id is refused: a client cannot complete someone else's upload into its dataset.
    await expectDatasetError(
      completeDatasetUpload({
        storage: fixture.driver,
        viewer: TEST_OWNER,
        id: first.id,
        uploadId: second.plan.uploadId,
        parts: [{ partNumber: 1, etag: '"x"' }],
      }),
      'invalid_input',
    );
    await abortDatasetUpload({ storage: fixture.driver, viewer: TEST_OWNER, id: first.id });
    expect(await keysUnder({ fixture, prefix: `datasets/${first.id}/` })).toEqual([]);
    await expectDatasetError(registerUploadedDataset({ storage: fixture.driver, viewer: TEST_OWNER, id: first.id }), 'not_found');
    // The second upload is unaffected and still completes.
    await sendThroughPlan({ fixture, ticket: second, body });
    const dataset = await registerUploadedDataset({ storage: fixture.driver, viewer: TEST_OWNER, id: second.id });
    expect((await listDatasets({ storage: fixture.driver, viewer: TEST_OWNER })).datasets.map((entry) => entry.id)).toContain(dataset.id);
  });
});
