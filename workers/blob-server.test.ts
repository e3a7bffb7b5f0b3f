// The frame's side of the blob-read channel, fed what a worker (or escaped code in it) might post.
import { describe, expect, it } from 'vitest';
import { DATA_BYTES, HEADER_BYTES, HEADER_INTS, RESULT, ReadFailure, SERIAL, type ReadRefusal } from './blob-read-protocol';
import { BlobServer } from './blob-server';

function setup() {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
  const server = new BlobServer(buffer);
  const header = new Int32Array(buffer, 0, HEADER_INTS);
  const data = new Uint8Array(buffer, HEADER_BYTES, DATA_BYTES);
  const refusals: ReadRefusal[] = [];
  const sink = { postMessage: (message: ReadRefusal) => void refusals.push(message) };
  const ask = (message: unknown) => server.receive(message, sink);
  return { server, header, data, refusals, ask };
}

const text = (data: Uint8Array, count: number) => new TextDecoder().decode(data.subarray(0, count));

describe('BlobServer', () => {
  it('serves a piece of a registered blob into the data area and publishes its count under the serial', async () => {
    const { server, header, data, refusals, ask } = setup();
    const mount = server.register(new Blob(['hello, world']));
    await ask({ type: 'read', serial: 7, mount, offset: 7, length: 5 });
    expect(header[SERIAL]).toBe(7);
    expect(header[RESULT]).toBe(5);
    expect(text(data, 5)).toBe('world');
    expect(refusals).toEqual([]);
  });

  it('cuts a read at the end of the file, and answers 0 bytes at the end', async () => {
    const { server, header, data, ask } = setup();
    const mount = server.register(new Blob(['abcdef']));
    await ask({ type: 'read', serial: 1, mount, offset: 4, length: 100 });
    expect([header[SERIAL], header[RESULT], text(data, 2)]).toEqual([1, 2, 'ef']);
    await ask({ type: 'read', serial: 2, mount, offset: 6, length: 100 });
    expect([header[SERIAL], header[RESULT]]).toEqual([2, 0]);
  });

  it('refuses an offset past the end of the file', async () => {
    const { server, header, refusals, ask } = setup();
    const mount = server.register(new Blob(['abcdef']));
    await ask({ type: 'read', serial: 3, mount, offset: 7, length: 1 });
    expect([header[SERIAL], header[RESULT]]).toEqual([3, ReadFailure.outOfBounds]);
    expect(refusals).toEqual([
      { type: 'read-refused', code: ReadFailure.outOfBounds, message: 'the read starts past the end of the file (offset 7 of a 6-byte file)' },
    ]);
  });

  it('serves only blobs it registered, and no longer one it dropped', async () => {
    const { server, header, data, refusals, ask } = setup();
    const first = server.register(new Blob(['first']));
    const second = server.register(new Blob(['second']));
    await ask({ type: 'read', serial: 1, mount: second + 1, offset: 0, length: 5 });
    expect([header[SERIAL], header[RESULT]]).toEqual([1, ReadFailure.unknownMount]);
    server.drop(first);
    data.fill(0);
    await ask({ type: 'read', serial: 2, mount: first, offset: 0, length: 5 });
    expect([header[SERIAL], header[RESULT]]).toEqual([2, ReadFailure.unknownMount]);
    expect(data.subarray(0, 5).every((byte) => byte === 0)).toBe(true);
    expect(refusals.map((refusal) => refusal.message)).toEqual([
      `the file is no longer mounted (mount ${String(second + 1)})`,
      `the file is no longer mounted (mount ${String(first)})`,
    ]);
  });

  it.each([
    ['not an object', 'read', 'the request: expected object'],
    ['null', null, 'the request: expected object'],
    ['another type', { type: 'write', serial: 1, mount: 1, offset: 0, length: 1 }, 'type: expected read'],
    ['an extra key', { type: 'read', serial: 1, mount: 1, offset: 0, length: 1, buffer: 0 }, 'unexpected key buffer'],
    ['a negative offset', { type: 'read', serial: 1, mount: 1, offset: -1, length: 1 }, 'offset: below 0'],
    ['an offset past 2^53', { type: 'read', serial: 1, mount: 1, offset: 2 ** 60, length: 1 }, `offset: above ${String(Number.MAX_SAFE_INTEGER)}`],
    ['a fractional length', { type: 'read', serial: 1, mount: 1, offset: 0, length: 1.5 }, 'length: expected int'],
    ['a zero length', { type: 'read', serial: 1, mount: 1, offset: 0, length: 0 }, 'length: below 1'],
    ['a length over the data area', { type: 'read', serial: 1, mount: 1, offset: 0, length: DATA_BYTES + 1 }, `length: above ${String(DATA_BYTES)}`],
    ['a string for a number', { type: 'read', serial: 1, mount: '1', offset: 0, length: 1 }, 'mount: expected number'],
    ['serial 0 (the cleared value)', { type: 'read', serial: 0, mount: 1, offset: 0, length: 1 }, 'serial: below 1'],
    ['a serial past Int32', { type: 'read', serial: 2 ** 31, mount: 1, offset: 0, length: 1 }, `serial: above ${String(2 ** 31 - 1)}`],
    ['NaN', { type: 'read', serial: 1, mount: 1, offset: Number.NaN, length: 1 }, 'offset: expected number'],
  ])('refuses a malformed request (%s) with what was wrong, without touching the buffer', async (_label, message, reason) => {
    const { server, header, data, refusals, ask } = setup();
    server.register(new Blob(['secret']));
    header[SERIAL] = 99;
    header[RESULT] = 42;
    await ask(message);
    expect([header[SERIAL], header[RESULT]]).toEqual([99, 42]);
    expect(data.subarray(0, 6).every((byte) => byte === 0)).toBe(true);
    expect(refusals).toEqual([{ type: 'read-refused', code: ReadFailure.malformed, message: `the read request was malformed (${reason})` }]);
  });

  /** A Blob whose pieces stream as `stream` says. */
  function blobStreaming(content: string, stream: () => ReadableStream<Uint8Array>): Blob {
    return new (class extends Blob {
      override slice(start?: number, end?: number): Blob {
        const piece = new Blob([content.slice(start, end)]);
        return new (class extends Blob {
          override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
            return stream() as ReadableStream<Uint8Array<ArrayBuffer>>;
          }
        })([piece]);
      }
    })([content]);
  }

  it('reports a file the browser cannot read any more as a read failure, and serves the next read', async () => {
    const { server, header, data, refusals, ask } = setup();
    const gone = blobStreaming(
      'abc',
      () => new ReadableStream({ type: 'bytes', pull: (controller) => controller.error(new DOMException('the file changed', 'NotReadableError')) }),
    );
    const mount = server.register(gone);
    await ask({ type: 'read', serial: 5, mount, offset: 0, length: 3 });
    expect([header[SERIAL], header[RESULT]]).toEqual([5, ReadFailure.readFailed]);
    expect(refusals[0]?.message).toBe('the browser could not read the file (was it changed or deleted on disk?) (NotReadableError)');
    // The failed read kept the reused buffer; the next read gets a fresh one.
    const fine = server.register(new Blob(['fine']));
    await ask({ type: 'read', serial: 6, mount: fine, offset: 0, length: 4 });
    expect([header[SERIAL], header[RESULT], text(data, 4)]).toEqual([6, 4, 'fine']);
  });

  it('reads a blob whose stream is not a byte stream through arrayBuffer()', async () => {
    const { server, header, data, ask } = setup();
    const plain = blobStreaming('abcdef', () => new ReadableStream({ start: (controller) => controller.close() }));
    const mount = server.register(plain);
    await ask({ type: 'read', serial: 1, mount, offset: 2, length: 3 });
    expect([header[SERIAL], header[RESULT], text(data, 3)]).toEqual([1, 3, 'cde']);
  });

  it('refuses a piece that streams fewer bytes than the file has', async () => {
    const { server, header, ask } = setup();
    const short = blobStreaming('abcdef', () => new ReadableStream({ type: 'bytes', start: (controller) => controller.close() }));
    const mount = server.register(short);
    await ask({ type: 'read', serial: 1, mount, offset: 0, length: 6 });
    expect([header[SERIAL], header[RESULT]]).toEqual([1, ReadFailure.readFailed]);
  });

  it('answers a flood of requests one at a time, in order, and keeps serving after a refusal port breaks', async () => {
    const { server, header, data } = setup();
    const mount = server.register(new Blob(['0123456789']));
    const broken = {
      postMessage: () => {
        throw new Error('closed');
      },
    };
    const order: number[] = [];
    const all = Array.from({ length: 50 }, (_, index) =>
      server
        .receive(
          index % 5 === 0
            ? { type: 'read', serial: index + 1, mount: 999, offset: 0, length: 1 }
            : { type: 'read', serial: index + 1, mount, offset: index % 10, length: 1 },
          broken,
        )
        .then(() => order.push(index)),
    );
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect([header[SERIAL], header[RESULT], text(data, 1)]).toEqual([50, 1, '9']);
  });
});
