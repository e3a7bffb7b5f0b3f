// Tier 3: a file the frame keeps, read by Python through the shared-buffer channel, on real Pyodide in Node. The
// frame's server (blob-server.ts, bundled as is) runs in another thread, as the frame's thread does in the browser;
// the kernel blocks in Atomics.wait while it answers.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_BYTES, HEADER_BYTES, type ReadRequest } from './blob-read-protocol';
import { SharedBlobReader } from './blob-reader';
import type { Kernel } from './kernel-core';
import { bootNodeKernel } from './testing/node-kernel';

const FILE_BYTES = 2 * DATA_BYTES + 12_345;

/** The server's thread: registers the file it is given (id 1) and answers on the port, as the frame does. */
const SERVER_ENTRY = `
import { workerData } from 'node:worker_threads';
import { BlobServer } from './blob-server';
const server = new BlobServer(workerData.buffer);
server.register(new Blob([workerData.file]));
workerData.port.on('message', (message) => void server.receive(message, workerData.port));
`;

let kernel: Kernel;
let server: Worker;
let folder: string;
const file = new Uint8Array(FILE_BYTES);
for (let index = 0; index < FILE_BYTES; index += 1) file[index] = index % 97 === 96 ? 10 : 97 + (index % 26);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'blob-reads-'));
  const bundled = await build({
    stdin: { contents: SERVER_ENTRY, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const entry = path.join(folder, 'server.mjs');
  writeFileSync(entry, bundled.outputFiles[0]?.text ?? '');
  const buffer = new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
  const { port1, port2 } = new MessageChannel();
  server = new Worker(entry, { workerData: { buffer, port: port2, file }, transferList: [port2] });
  const reader = new SharedBlobReader({ buffer, port: { postMessage: (request: ReadRequest) => port1.postMessage(request) } }, 10_000);
  kernel = await bootNodeKernel({ readRemoteBlob: (mount, offset, target) => reader.read(mount, offset, target) });
});

afterAll(async () => {
  await server?.terminate();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a file served by the frame', () => {
  it('says so in the kernel info', () => {
    expect(kernel.info.fileReads).toBe('frame');
  });

  it('streams through Python in reads larger than the shared buffer, byte for byte', async () => {
    const [mounted] = kernel.mountFiles([{ name: 'served.csv', data: { remoteBlob: 1, size: FILE_BYTES } }]);
    expect(mounted).toMatchObject({ name: 'served.csv', path: '/data/served.csv', bytes: FILE_BYTES });
    const result = await kernel.run({
      code: [
        'import hashlib',
        'digest = hashlib.sha256()',
        'lines = 0',
        'size = 0',
        'with open("/data/served.csv", "rb") as handle:',
        '    while chunk := handle.read(16 * 1024 * 1024):',
        '        digest.update(chunk)',
        '        lines += chunk.count(b"\\n")',
        '        size += len(chunk)',
        'print(size, lines, digest.hexdigest())',
      ].join('\n'),
    });
    expect(result.error).toBeNull();
    expect(result.status).toBe('ok');
    const lines = file.reduce((count, byte) => count + (byte === 10 ? 1 : 0), 0);
    expect(result.stdout).toBe(`${String(FILE_BYTES)} ${String(lines)} ${createHash('sha256').update(file).digest('hex')}\n`);
  });

  it('seeks, reads across the end, and reads nothing past it', async () => {
    const offset = DATA_BYTES - 3;
    const result = await kernel.run({
      code: [
        'with open("/data/served.csv", "rb") as handle:',
        `    handle.seek(${String(offset)})`,
        '    middle = handle.read(6)',
        `    handle.seek(${String(FILE_BYTES - 2)})`,
        '    tail = handle.read(100)',
        '    after = handle.read(100)',
        'print(middle.hex(), tail.hex(), len(after))',
      ].join('\n'),
    });
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    expect(result.stdout).toBe(`${hex(file.subarray(offset, offset + 6))} ${hex(file.subarray(FILE_BYTES - 2))} 0\n`);
  });

  it('turns a refused read (a file the frame does not serve) into an OSError Python can catch, and keeps running', async () => {
    kernel.mountFiles([{ name: 'gone.csv', data: { remoteBlob: 2, size: 100 } }]);
    const result = await kernel.run({
      code: ['try:', '    open("/data/gone.csv", "rb").read()', 'except OSError as error:', '    print("refused", error.errno)'].join('\n'),
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toBe('refused 29\n');
    const after = await kernel.run({ code: 'print(open("/data/served.csv", "rb").read(3))' });
    expect(after.stdout).toBe("b'abc'\n");
  });

  it('is read-only', async () => {
    const result = await kernel.run({ code: 'open("/data/served.csv", "r+b").write(b"x")' });
    expect(result.status).not.toBe('ok');
    expect(result.status).not.toBe('crashed');
  });
});
