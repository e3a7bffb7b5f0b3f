#!/usr/bin/env node
// The second e2e server: an in-process s3rver on loopback, then `next start` of the already-built app with
// STORAGE=s3 pointing at it. Started by playwright.config.ts; run with --openssl-legacy-provider (s3rver's listing
// cursors use DES, see NOTES.md).
//
// The first webServer runs `npm run build && next start`; building twice at once would corrupt .next, so this
// waits until that server answers (its build is then complete) before starting its own `next start`.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appPort = Number(process.env.E2E_S3_PORT ?? 3218);
const s3Port = Number(process.env.E2E_S3RVER_PORT ?? 3219);
const bucket = process.env.E2E_S3_BUCKET ?? 'e2e-bucket';
const waitFor = process.env.E2E_WAIT_FOR_URL;
const appOrigin = `http://127.0.0.1:${appPort}`;
// Under .data/ (git-ignored); wiped at every start, so each run begins with an empty bucket.
const directory = path.join(root, '.data/e2e-s3rver');

// What the bucket needs for browser uploads and downloads (lib/storage/server/s3.ts): the app's origin, PUT/GET/HEAD,
// content-type and range request headers, and ETag exposed (multipart uploads read it).
const cors = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>${appOrigin}</AllowedOrigin>
  <AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>content-type</AllowedHeader><AllowedHeader>range</AllowedHeader>
  <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

async function waitForUrl(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

await fs.rm(directory, { recursive: true, force: true });
await fs.mkdir(directory, { recursive: true });
const s3rver = new S3rver({ port: s3Port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket, configs: [cors] }] });
await s3rver.run();
console.error(`s3rver on http://127.0.0.1:${s3Port} (bucket ${bucket}, CORS for ${appOrigin})`);

if (waitFor) await waitForUrl(waitFor, 330_000);

const app = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(appPort)], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    STORAGE: 's3',
    // e2e/data-s3.spec.ts imports from this shared prefix (import is off without one).
    SHARED_PREFIXES: 'exports/',
    S3_BUCKET: bucket,
    S3_REGION: 'us-east-1',
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_FORCE_PATH_STYLE: 'true',
    // Small enough that the e2e's 12 MB file goes multipart (8 MiB parts).
    S3_MULTIPART_THRESHOLD_MB: '5',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    NODE_OPTIONS: '--openssl-legacy-provider',
  },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) app.kill('SIGTERM');
  s3rver.httpServer?.closeAllConnections();
  await s3rver.close().catch(() => undefined);
  process.exit(code);
}
app.on('exit', (code) => void stop(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));
