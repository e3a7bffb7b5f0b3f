import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from '@playwright/test';

/**
 * Builds the escaped test kernel (e2e/redteam/escaped-kernel.worker.ts) into a temporary folder — never into public/
 * — and serves it to one browser context in place of the real worker, by request interception. The kernel's frame
 * is the app's real one: only the code behind the wall changes.
 */
export async function buildEscapedKernel(): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'escaped-kernel-')), 'escaped-kernel.worker.mjs');
  await build({
    entryPoints: [path.resolve('e2e/redteam/escaped-kernel.worker.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    alias: { '@': path.resolve('.') },
  });
  return readFileSync(outfile, 'utf8');
}

export async function useEscapedKernel(context: BrowserContext, source: string): Promise<() => number> {
  let served = 0;
  await context.route('**/kernel/kernel.worker.mjs', async (route) => {
    served += 1;
    await route.fulfill({
      status: 200,
      body: source,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
    });
  });
  return () => served;
}

/** A loopback server that records every request that reaches it (any method, any path, WebSocket upgrades too). */
export async function startCanary(): Promise<{ origin: string; port: number; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    response.end('canary');
  });
  server.on('upgrade', (request, socket) => {
    hits.push(`UPGRADE ${request.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, port, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
