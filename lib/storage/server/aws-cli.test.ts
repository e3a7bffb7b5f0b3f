import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIB, setupS3 } from '../test-support/s3-fixture';
import { S3RVER_CREDENTIALS, TEST_BUCKET } from '../test-support/s3rver-server';
import { expectSameBytes } from '../test-support/storage-contract';

/**
 * Interoperability with an independent S3 client: Debian's AWS CLI v2 (/usr/bin/aws; the pyenv `aws` earlier on
 * PATH is v1 and is not used). What our presigned URLs write, the CLI reads byte for byte, and what the CLI writes
 * under the key prefix, our listing sees.
 */
const AWS_CLI = '/usr/bin/aws';
const run = promisify(execFile);

let fixture: Awaited<ReturnType<typeof setupS3>>;
let workDir: string;

async function aws(args: string[]): Promise<string> {
  const { stdout } = await run(AWS_CLI, [...args, '--endpoint-url', fixture.server.endpoint], {
    // A clean environment: no user config, profile or pyenv Python leaks into the CLI.
    env: {
      NODE_ENV: 'test',
      PATH: '/usr/bin:/bin',
      HOME: workDir,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: path.join(workDir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(workDir, 'no-credentials'),
      AWS_PAGER: '',
    },
    maxBuffer: 16 * MIB,
  });
  return stdout;
}

beforeAll(async () => {
  await access(AWS_CLI, constants.X_OK).catch(() => {
    throw new Error(
      `${AWS_CLI} is missing: install Debian's AWS CLI v2 with \`apt-get install -y awscli\` ` +
        '(the pyenv `aws` first on PATH is v1 and is not used by this test)',
    );
  });
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'aws-cli-'));
  fixture = await setupS3();
}, 60_000);

afterAll(async () => {
  await fixture?.close();
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

describe('AWS CLI against s3rver', () => {
  it('reads back, byte for byte, a file uploaded through our presigned PUT', async () => {
    const body = new Uint8Array(randomBytes(3 * MIB + 17));
    const key = 'datasets/cli/uploaded.bin';
    const plan = await fixture.driver.createUpload({ key, contentType: 'application/octet-stream', contentLength: body.length });
    if (plan.kind !== 'single') throw new Error('expected a single PUT below the threshold');
    const response = await fetch(plan.url, { method: 'PUT', headers: plan.headers, body });
    expect(response.status).toBe(200);
    const target = path.join(workDir, 'downloaded.bin');
    await aws(['s3', 'cp', `s3://${TEST_BUCKET}/app-prefix/${key}`, target]);
    expectSameBytes(new Uint8Array(await fs.readFile(target)), body);
    const head = JSON.parse(await aws(['s3api', 'head-object', '--bucket', TEST_BUCKET, '--key', `app-prefix/${key}`])) as {
      ContentLength: number;
      ContentType: string;
    };
    expect(head).toMatchObject({ ContentLength: body.length, ContentType: 'application/octet-stream' });
  }, 60_000);

  it('lists and reads an object the CLI put under the key prefix', async () => {
    const source = path.join(workDir, 'from-cli.csv');
    const text = 'city,population\nLyon,522250\nNantes,320732\n';
    await fs.writeFile(source, text);
    await aws(['s3', 'cp', source, `s3://${TEST_BUCKET}/app-prefix/datasets/cli-put/from-cli.csv`, '--content-type', 'text/csv']);
    const page = await fixture.driver.listObjects({ prefix: 'datasets/cli-put/' });
    expect(page.objects.map(({ key, size }) => ({ key, size }))).toEqual([{ key: 'datasets/cli-put/from-cli.csv', size: Buffer.byteLength(text) }]);
    expect(new TextDecoder().decode((await fixture.driver.getObject({ key: 'datasets/cli-put/from-cli.csv' })) ?? undefined)).toBe(text);
    expect(await fixture.driver.headObject({ key: 'datasets/cli-put/from-cli.csv' })).toMatchObject({ contentType: 'text/csv' });
  }, 60_000);
});
