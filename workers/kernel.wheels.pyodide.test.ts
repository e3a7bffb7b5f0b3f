// Tier 3, the wheel path end to end on real Pyodide: a PEP 503 simple index on loopback serves pure-Python wheels
// built here; the kernel picks the newest stable one, checks its sha256, unpacks it and the code imports it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from './kernel-core';
import { bootNodeKernel } from './testing/node-kernel';
import { makeWheel, sha256Hex, simpleIndexPage } from './testing/make-wheel';

function wheel(name: string, version: string, source: string): Uint8Array {
  // The extra-gated requirement must not be loaded: it names a package no source has.
  return makeWheel({ name, version, source, requires: ['colorama ; extra == "cli"'] });
}

const files = new Map<string, Uint8Array>([
  ['tinyplot-1.2.0-py3-none-any.whl', wheel('tinyplot', '1.2.0', 'VERSION = "1.2.0"\ndef answer():\n    return 42\n')],
  ['tinyplot-1.10.0-py3-none-any.whl', wheel('tinyplot', '1.10.0', 'VERSION = "1.10.0"\ndef answer():\n    return 43\n')],
  ['tinyplot-2.0.0rc1-py3-none-any.whl', wheel('tinyplot', '2.0.0rc1', 'VERSION = "rc"\n')],
  ['tampered-1.0.0-py3-none-any.whl', wheel('tampered', '1.0.0', 'VALUE = 1\n')],
]);
const tinyplot = new Map([...files].filter(([name]) => name.startsWith('tinyplot')));
const pages: Record<string, string> = {
  '/simple/tinyplot/': simpleIndexPage({ files: tinyplot, filesPath: '../../files/' }),
  // The index lists a hash the file does not have.
  '/simple/tampered/': `<a href="/files/tampered-1.0.0-py3-none-any.whl#sha256=${'0'.repeat(64)}">tampered-1.0.0-py3-none-any.whl</a>`,
};
// The helper's hashes are real ones (a wrong one would hide a broken check).
if (!pages['/simple/tinyplot/']?.includes(sha256Hex(files.get('tinyplot-1.10.0-py3-none-any.whl') ?? new Uint8Array())))
  throw new Error('index page without hashes');

let server: http.Server;
let kernel: Kernel;
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    requests.push(url);
    const file = url.startsWith('/files/') ? files.get(url.slice('/files/'.length)) : undefined;
    if (file) return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    const page = pages[url];
    if (page !== undefined) return void response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kernel = await bootNodeKernel({ wheelsURL: `http://127.0.0.1:${port}/simple/`, extraWheels: ['tinyplot', 'tampered', 'missingpkg'] });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('extra wheels from a simple index', () => {
  it('installs the newest stable py3-none-any wheel on first import, once', async () => {
    const result = await kernel.run({ code: 'import tinyplot\nprint(tinyplot.VERSION, tinyplot.answer())' });
    expect(result.error).toBeNull();
    expect(result.stdout).toBe('1.10.0 43\n');
    expect(result.packagesLoaded).toEqual(['tinyplot']);
    const again = await kernel.run({ code: 'import tinyplot\nprint(tinyplot.answer())' });
    expect(again.stdout).toBe('43\n');
    expect(again.packagesLoaded).toEqual([]);
    expect(requests.filter((url) => url.endsWith('.whl'))).toEqual(['/files/tinyplot-1.10.0-py3-none-any.whl']);
  });

  it('refuses a wheel whose sha256 differs from the index, and one the index does not have', async () => {
    const tampered = await kernel.run({ code: 'import tampered' });
    expect(tampered.status).toBe('load');
    expect(tampered.error?.message).toContain('does not match the sha256');
    const missing = await kernel.run({ code: 'import missingpkg' });
    expect(missing.status).toBe('load');
    expect(missing.error?.message).toMatch(/missingpkg.*HTTP 404/);
    expect(missing.error?.hint).toContain('PYTHON_WHEELS_URL');
  });

  it('refuses before running an allowed import that is neither in Pyodide nor an extra wheel, in words the repair can use', async () => {
    // seaborn is on the policy's allowlist, but this kernel was not configured to install it.
    const result = await kernel.run({ code: 'import seaborn as sns\nprint("ran")' });
    expect(result.status).toBe('policy');
    expect(result.stdout).toBe('');
    expect(result.error).toMatchObject({ type: 'PolicyViolation', rule: 'import' });
    expect(result.error?.message).toContain('"seaborn" cannot be used in this browser');
    expect(result.error?.hint).toContain('matplotlib');
  });
});
