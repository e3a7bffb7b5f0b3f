import { afterAll, beforeAll } from 'vitest';
import type { StorageDriver } from '../types';

/** A driver under test, and a way to perform the browser's HTTP requests against the URLs it hands out. */
export interface ContractFixture {
  driver: StorageDriver;
  /** Performs a request to a URL from createUpload/createDownloadUrl, as a browser would. */
  request(args: { url: string; init: RequestInit }): Promise<Response>;
  /** The upload cap, in bytes, the driver was created with (MAX_UPLOAD_MB in the app). */
  maxUploadBytes: number;
  close(): Promise<void>;
}

/**
 * The storage a describe-block's cases share (the suites run once per driver, and the route and action tests on one
 * driver): opened by `setup` before the first case (a local folder, or s3rver on loopback, which may take a while),
 * closed after the last. Call it inside `describe`; the fixture it returns reads the open one, and throws when used
 * before the cases run.
 */
export function suiteStorageFixture({ setup }: { setup: () => Promise<ContractFixture> }): ContractFixture {
  let open: ContractFixture | undefined;
  beforeAll(async () => {
    open = await setup();
  }, 60_000);
  afterAll(async () => {
    await open?.close();
  });
  const current = (): ContractFixture => {
    if (!open) throw new Error('The storage fixture is not open yet: use it inside a case or a hook.');
    return open;
  };
  return {
    get driver() {
      return current().driver;
    },
    request: (args) => current().request(args),
    get maxUploadBytes() {
      return current().maxUploadBytes;
    },
    close: () => current().close(),
  };
}
