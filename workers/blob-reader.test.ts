// The worker's side of the blob-read channel, against a frame simulated in the same thread (it answers synchronously,
// so Atomics.wait finds the answer already there). The cross-thread path runs in kernel.blob-reads.pyodide.test.ts.
import { describe, expect, it } from 'vitest';
import { DATA_BYTES, HEADER_BYTES, HEADER_INTS, RESULT, ReadFailure, SERIAL, type ReadRequest } from './blob-read-protocol';
import { BlobReadError, SharedBlobReader } from './blob-reader';

/** A reader whose frame serves `file` (or answers with `override` when it returns a number). */
function setup(file: Uint8Array, override?: (request: ReadRequest) => { serial?: number; result?: number } | undefined) {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
  const header = new Int32Array(buffer, 0, HEADER_INTS);
  const data = new Uint8Array(buffer, HEADER_BYTES, DATA_BYTES);
  const requests: ReadRequest[] = [];
  const port = {
    postMessage(request: ReadRequest) {
      requests.push(request);
      const forced = override?.(request);
      const piece = file.subarray(request.offset, request.offset + request.length);
      data.set(piece);
      header[RESULT] = forced?.result ?? piece.length;
      header[SERIAL] = forced?.serial ?? request.serial;
    },
  };
  return { reader: new SharedBlobReader({ buffer, port }, 50), requests };
}

function pattern(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let index = 0; index < bytes; index += 1) out[index] = (index * 31 + 7) % 251;
  return out;
}

/** Compared as a boolean: a diff of two 16 MiB arrays would take the test process down. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('SharedBlobReader', () => {
  it('reads a range larger than the data area in pieces and puts them together', () => {
    const file = pattern(DATA_BYTES * 2 + 1000);
    const { reader, requests } = setup(file);
    const target = new Uint8Array(DATA_BYTES * 2 + 500);
    expect(reader.read(3, 400, target)).toBe(target.length);
    expect(same(target, file.subarray(400, 400 + target.length))).toBe(true);
    expect(requests.map(({ mount, offset, length }) => [mount, offset, length])).toEqual([
      [3, 400, DATA_BYTES],
      [3, 400 + DATA_BYTES, DATA_BYTES],
      [3, 400 + 2 * DATA_BYTES, 500],
    ]);
    // Each request has its own serial.
    expect(new Set(requests.map((request) => request.serial)).size).toBe(3);
  });

  it('stops at the end of the file', () => {
    const { reader, requests } = setup(pattern(100));
    const target = new Uint8Array(64);
    expect(reader.read(1, 60, target)).toBe(40);
    expect(requests).toHaveLength(1);
  });

  it('throws the frame refusal as a BlobReadError with its reason', () => {
    const { reader } = setup(pattern(10), () => ({ result: ReadFailure.unknownMount }));
    expect(() => reader.read(9, 0, new Uint8Array(4))).toThrow(new BlobReadError(ReadFailure.unknownMount, 'the file is no longer mounted'));
  });

  it('does not take an answer to another request for its own, and times out', () => {
    const { reader } = setup(pattern(10), (request) => ({ serial: request.serial + 1 }));
    expect(() => reader.read(1, 0, new Uint8Array(4))).toThrow(/timed out after 50 ms/);
  });

  it('refuses an answer longer than what it asked for', () => {
    const { reader } = setup(pattern(10), () => ({ result: 5 }));
    expect(() => reader.read(1, 0, new Uint8Array(4))).toThrow(/answered 5 bytes for a 4-byte read/);
  });
});
