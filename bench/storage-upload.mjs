#!/usr/bin/env node
// Upload (and download) throughput of the storage layer on loopback. Prints figures; not a test.
//
//   node bench/storage-upload.mjs [sizeMiB ...]      default: 64 256
//
// Rows:
//   s3 presigned PUT      createUpload (single) -> fetch PUT of the whole body to s3rver (in-process, 127.0.0.1)
//   s3 multipart          createUpload (multipart, 16 MiB parts, 4 in flight) -> PUT parts -> completeUpload
//   local signed route    createUpload -> fetch PUT to a node:http server wrapping the real route handler
//                         (lib/storage/server/object-route.ts: streamed to a temp file, fsync, rename)
//   local putObject       the driver call alone, body already in memory
// Downloads: the presigned GET / signed route GET of the same object, body read to the end.
//
// lib/storage/server is TypeScript, so it is bundled once with esbuild into bench/results/.build (git-ignored).
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import S3rver from 's3rver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIB = 1024 * 1024;
const sizesMiB = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (sizesMiB.length === 0) sizesMiB.push(64, 256);

async function bundleStorage() {
  const outfile = path.join(root, 'bench/results/.build/storage.mjs');
  await build({
    stdin: {
      contents: "export * from './lib/storage/server/index.ts'; export * from './lib/storage/server/object-route.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'error',
    plugins: [
      {
        // `server-only` throws outside a React server bundle; `@/` is the tsconfig path alias.
        name: 'aliases',
        setup(b) {
          b.onResolve({ filter: /^server-only$/ }, () => ({ path: path.join(root, 'lib/testing/server-only-stub.ts') }));
          b.onResolve({ filter: /^@\// }, async (args) => b.resolve(`./${args.path.slice(2)}`, { resolveDir: root, kind: args.kind }));
        },
      },
    ],
  });
  return import(pathToFileURL(outfile).href);
}

function timed(fn) {
  return async () => {
    const start = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
}

async function readAll(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.byteLength;
  return bytes;
}

/** node:http -> Web Request -> route handler -> node:http, as Next's Node server does. */
function serveRoute({ storage, driver }) {
  const server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'PUT' ? Readable.toWeb(req) : undefined,
      duplex: 'half',
    });
    const response = req.method === 'PUT' ? await storage.handleObjectUpload({ request, driver }) : await storage.handleObjectDownload({ request, driver });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body).pipe(res);
    else res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const storage = await bundleStorage();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-storage-'));
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(work, 's3rver'), silent: true, configureBuckets: [{ name: 'bench' }] });
  const { port } = await s3rver.run();
  const common = { uploadUrlExpirySeconds: 3600, downloadUrlExpirySeconds: 300, maxUploadBytes: 8 * 1024 * MIB };
  const s3 = (threshold) =>
    storage.createStorage({
      kind: 's3',
      bucket: 'bench',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      prefix: 'bench/',
      multipartThresholdBytes: threshold,
      minPartSizeBytes: 16 * MIB,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      ...common,
    });
  const s3Single = s3(Number.MAX_SAFE_INTEGER);
  const s3Multi = s3(5 * MIB);
  const local = storage.createStorage({ kind: 'local', dataDir: path.join(work, 'data'), ...common });
  const routeServer = await serveRoute({ storage, driver: local });
  const routeBase = `http://127.0.0.1:${routeServer.address().port}`;
  const rows = [];

  try {
    for (const sizeMiB of sizesMiB) {
      const body = new Uint8Array(randomBytes(sizeMiB * MIB));
      const type = 'application/octet-stream';
      const mbps = (seconds) => (body.length / MIB / seconds).toFixed(0);

      let key = `bench/single-${sizeMiB}.bin`;
      let plan = await s3Single.createUpload({ key, contentType: type, contentLength: body.length });
      const s3Up = await timed(async () => {
        const r = await fetch(plan.url, { method: 'PUT', headers: plan.headers, body });
        if (!r.ok) throw new Error(`s3 PUT ${r.status}`);
      })();
      const s3Down = await timed(async () => readAll(await fetch((await s3Single.createDownloadUrl({ key })).url)))();
      rows.push(['s3 presigned PUT', sizeMiB, mbps(s3Up), mbps(s3Down)]);

      key = `bench/multi-${sizeMiB}.bin`;
      const multiUp = await timed(async () => {
        const multi = await s3Multi.createUpload({ key, contentType: type, contentLength: body.length });
        const parts = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (next < multi.parts.length) {
              const part = multi.parts[next++];
              const start = (part.partNumber - 1) * multi.partSize;
              const r = await fetch(part.url, { method: 'PUT', body: body.subarray(start, start + multi.partSize) });
              if (!r.ok) throw new Error(`part PUT ${r.status}`);
              parts.push({ partNumber: part.partNumber, etag: r.headers.get('etag') });
            }
          }),
        );
        await s3Multi.completeUpload({ key, uploadId: multi.uploadId, parts });
      })();
      rows.push(['s3 multipart (16 MiB x4)', sizeMiB, mbps(multiUp), '']);

      key = `bench/route-${sizeMiB}.bin`;
      plan = await local.createUpload({ key, contentType: type, contentLength: body.length });
      const routeUp = await timed(async () => {
        const r = await fetch(routeBase + plan.url, { method: 'PUT', headers: plan.headers, body });
        if (!r.ok) throw new Error(`route PUT ${r.status}: ${await r.text()}`);
      })();
      const routeDown = await timed(async () => readAll(await fetch(routeBase + (await local.createDownloadUrl({ key })).url)))();
      rows.push(['local signed route', sizeMiB, mbps(routeUp), mbps(routeDown)]);

      const putUp = await timed(() => local.putObject({ key: `bench/put-${sizeMiB}.bin`, body }))();
      rows.push(['local putObject', sizeMiB, mbps(putUp), '']);
    }
  } finally {
    routeServer.close();
    s3rver.httpServer?.closeAllConnections();
    await s3rver.close();
    await fs.rm(work, { recursive: true, force: true });
  }

  const header = ['path', 'size MiB', 'upload MiB/s', 'download MiB/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(`storage throughput on loopback, node ${process.version}, ${os.cpus().length} CPUs, temp dir ${os.tmpdir()}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

await main();
