// The wheel path in the browser: the kernel, inside its opaque-origin frame and locked down, installs a pure-Python
// wheel from the configured simple index (PYTHON_WHEELS_URL → a loopback index this spec serves) on first import.
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { makeWheel, simpleIndexPage } from '../workers/testing/make-wheel';
import { WHEEL_INDEX_PORT } from './support/e2e-ports';
import { openWorkspace, runCode } from './support/workspace';

const files = new Map([['tinyplot-1.0.0-py3-none-any.whl', makeWheel({ name: 'tinyplot', version: '1.0.0', source: 'def answer():\n    return 42\n' })]]);
const requests: string[] = [];
let server: http.Server;

test.beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    requests.push(`${request.method} ${url} origin=${request.headers.origin ?? '-'} cookie=${request.headers.cookie ? 'yes' : 'no'}`);
    // The kernel's requests come from an opaque origin: the index must allow any origin, as PyPI does.
    const cors = { 'access-control-allow-origin': '*' };
    const file = url.startsWith('/files/') ? files.get(url.slice('/files/'.length)) : undefined;
    if (file) return void response.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' }).end(file);
    if (url === '/simple/tinyplot/')
      return void response.writeHead(200, { ...cors, 'content-type': 'text/html' }).end(simpleIndexPage({ files, filesPath: '/files/' }));
    response.writeHead(404, cors).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(WHEEL_INDEX_PORT, '127.0.0.1', () => resolve());
  });
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('an extra wheel installs from the configured index on first import and runs; a missing one says where it looked', async ({ page }) => {
  await openWorkspace(page);
  await runCode(page, 'import tinyplot\nprint(tinyplot.answer())', 'ok', { timeout: 60_000 });
  await expect(page.getByTestId('run-stdout')).toHaveText('42');
  expect(requests.filter((line) => line.includes('.whl'))).toHaveLength(1);
  // From the kernel's opaque origin: no cookie ever reaches the index.
  expect(requests.every((line) => line.includes('origin=null') && line.endsWith('cookie=no'))).toBe(true);

  // seaborn is configured but this index does not serve it.
  await runCode(page, 'import seaborn as sns', 'load', { timeout: 60_000 });
  await expect(page.getByTestId('run-error')).toContainText('Could not install the Python package "seaborn"');
  await expect(page.getByTestId('run-error')).toContainText('HTTP 404');
  await expect(page.getByTestId('run-error')).toContainText('PYTHON_WHEELS_URL');
});
