// Red team, the blob-read channel (workers/blob-read-protocol.ts): the kernel's frame keeps the files the analyst
// picked and serves their bytes to the worker on request. The kernel here is the escaped test build: Python holds the
// worker's globals, so it holds the channel's port and shared buffer too, and posts whatever it likes to the frame.
// The frame must refuse every request that is not a well-formed read of a file it mounted, say why, and keep working.
import { expect, test } from '@playwright/test';
import { DATA_BYTES, ReadFailure } from '../workers/blob-read-protocol';
import { loadIntoPython, SALES_CSV, uniqueTag, uploadReady } from './support/data';
import { buildEscapedKernel, useEscapedKernel } from './support/escaped-kernel';
import { openWorkspace, runCode } from './support/workspace';

let escapedSource = '';
test.beforeAll(async () => {
  escapedSource = await buildEscapedKernel();
});

/** Escaped Python: forged requests first, then one honest read; prints what the frame answered as one JSON line. */
const FORGE = `import js, json, asyncio
from pyodide.ffi import to_js, create_proxy
def obj(**kw):
    return to_js(kw, dict_converter=js.Object.fromEntries)
channel = js.blobReads
refusals = []
channel.port.onmessage = create_proxy(lambda event: refusals.append([event.data.code, event.data.message]))
mount = int(js.servedMounts[0])
forged = [
    "read",
    obj(type="read", serial=1, mount=mount, offset=-1, length=1),
    obj(type="read", serial=1, mount=mount, offset=0, length=64 * 1024 * 1024),
    obj(type="read", serial=1, mount=mount, offset=0, length=1, buffer=channel.buffer),
    obj(type="read", serial="1", mount=mount, offset=0, length=1),
    obj(type="read", serial=2, mount=mount + 1000, offset=0, length=4),
    obj(type="read", serial=3, mount=mount, offset=10 ** 9, length=4),
]
for message in forged:
    channel.port.postMessage(message)
channel.port.postMessage(obj(type="read", serial=4, mount=mount, offset=0, length=18))
await asyncio.sleep(1)
header = js.Int32Array.new(channel.buffer, 0, 2)
head = js.Uint8Array.new(channel.buffer, 16, max(header[0], 0)).to_bytes().decode()
print(json.dumps({"refusals": refusals, "result": header[0], "serial": header[1], "head": head}))`;

test('escaped code holding the blob-read channel gets a specific refusal for every forged read, and the frame keeps serving', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEscapedKernel(context, escapedSource);
  await openWorkspace(page);
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // A picked file: the frame keeps it and the worker gets only its id.
  await loadIntoPython(await uploadReady(page, `sales-${uniqueTag()}.csv`, SALES_CSV));

  await runCode(page, FORGE, 'ok', { timeout: 60_000 });
  const printed = (await page.getByTestId('run-stdout').textContent()) ?? '';
  const answer = JSON.parse(printed.trim()) as { refusals: Array<[number, string]>; result: number; serial: number; head: string };
  console.log(
    `Blob-read channel: ${String(answer.refusals.length)} forged requests refused:\n  ${answer.refusals.map(([code, message]) => `${String(code)} ${message}`).join('\n  ')}`,
  );
  expect(answer.refusals.map(([code]) => code)).toEqual([
    ReadFailure.malformed,
    ReadFailure.malformed,
    ReadFailure.malformed,
    ReadFailure.malformed,
    ReadFailure.malformed,
    ReadFailure.unknownMount,
    ReadFailure.outOfBounds,
  ]);
  expect(answer.refusals.map(([, message]) => message.replace(/^the read request was malformed /, ''))).toEqual([
    '(the request: expected object)',
    '(offset: below 0)',
    `(length: above ${String(DATA_BYTES)})`,
    '(unexpected key buffer)',
    '(serial: expected number)',
    'the file is no longer mounted (mount 1001)',
    'the read starts past the end of the file (offset 1000000000 of a 53-byte file)',
  ]);
  // The honest read after the flood is answered, with the file's own bytes.
  expect([answer.serial, answer.result, answer.head]).toEqual([4, 18, SALES_CSV.slice(0, 18)]);

  // The frame did not die: the kernel is still there and runs code.
  await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-state', 'ready');
  await runCode(page, 'print(6 * 7)', 'ok', { timeout: 60_000 });
  await expect(page.getByTestId('run-stdout')).toHaveText('42');
  await context.close();
});
