import { describe, expect, it } from 'vitest';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { withKeyLock } from '@/lib/storage/server/key-lock';
import { registerUploadedDataset } from './register-service';
import { SALES_CSV, TEST_OWNER } from '../test-support/dataset-fixture';
import { createDatasetUpload } from './upload-service';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

/**
 * Single-use local upload URLs under a race: a second PUT with the same URL that passed the "still pending?" check
 * while its body was still arriving must not land after the dataset is registered (it would swap the bytes under the
 * recorded schema). The check is made again at the rename, under the key's lock that registration holds.
 */

describe('local upload URL: a PUT racing the registration', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });

  it('a PUT whose body was still arriving when the dataset was registered is refused with 409; the file is untouched', async () => {
    const body = new TextEncoder().encode(SALES_CSV);
    const ticket = await createDatasetUpload({
      storage: fixture.driver,
      owner: TEST_OWNER,
      fileName: 'race.csv',
      size: body.length,
      maxUploadBytes: fixture.maxUploadBytes,
    });
    if (ticket.plan.kind !== 'single') throw new Error('local plans are single PUTs');
    const first = await fixture.request({ url: ticket.plan.url, init: { method: 'PUT', headers: ticket.plan.headers, body } });
    expect(first.status).toBe(200);

    // The second PUT sends half its (same-length, different) body, then waits.
    const swapped = new TextEncoder().encode(SALES_CSV.replace('North', 'Nerth'));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pulls = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls += 1;
        if (pulls === 1) return controller.enqueue(swapped.slice(0, 10));
        await held;
        controller.enqueue(swapped.slice(10));
        controller.close();
      },
    });
    const racing = fixture.request({ url: ticket.plan.url, init: { method: 'PUT', headers: ticket.plan.headers, body: slow, duplex: 'half' } as RequestInit });
    // Its first chunk has been read, so it is past the up-front check.
    await expect.poll(() => pulls).toBeGreaterThanOrEqual(2);

    const dataset = await registerUploadedDataset({ storage: fixture.driver, viewer: TEST_OWNER, id: ticket.id });
    release();
    const late = await racing;
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('already used');
    const stored = await fixture.driver.getObject({ key: dataset.key });
    expect(stored && new TextDecoder().decode(stored)).toBe(SALES_CSV);
  });

  it('the key lock runs holders of one key one after another, and other keys alongside', async () => {
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = withKeyLock('k', async () => {
      order.push('first start');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push('first end');
    });
    const second = withKeyLock('k', async () => {
      order.push('second');
    });
    await withKeyLock('other', async () => {
      order.push('other');
    });
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'other', 'first end', 'second']);
  });
});
