/**
 * The kernel worker's side of the read channel (blob-read-protocol.ts): a synchronous read of a blob the frame keeps,
 * as Emscripten's file system needs it. The worker posts the request and blocks in Atomics.wait until the frame has
 * copied the piece into the shared buffer; a read larger than the data area loops.
 */
import { DATA_BYTES, describeReadFailure, HEADER_BYTES, HEADER_INTS, RESULT, SERIAL, type ReadRequest } from './blob-read-protocol';

/** A read the frame refused or could not do; `code` is a ReadFailure code, or 0 for a timeout. */
export class BlobReadError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'BlobReadError';
  }
}

/** The one thing the reader sends: a read request (a MessagePort in the worker; a fake in tests). */
export interface RequestSink {
  postMessage(message: ReadRequest): void;
}

export class SharedBlobReader {
  private serial = 0;
  private readonly port: RequestSink;
  private readonly header: Int32Array;
  private readonly data: Uint8Array;

  constructor(
    channel: { buffer: SharedArrayBuffer; port: RequestSink },
    /** How long one piece may take before the read fails (the frame is gone, or the disk hangs). */
    private readonly timeoutMs = 60_000,
  ) {
    this.port = channel.port;
    this.header = new Int32Array(channel.buffer, 0, HEADER_INTS);
    this.data = new Uint8Array(channel.buffer, HEADER_BYTES, DATA_BYTES);
  }

  /** Reads `target.length` bytes of blob `mount` from `offset` into `target`; fewer only at the end of the file. */
  read(mount: number, offset: number, target: Uint8Array): number {
    let done = 0;
    while (done < target.length) {
      const wanted = Math.min(DATA_BYTES, target.length - done);
      const got = this.piece(mount, offset + done, wanted);
      target.set(this.data.subarray(0, got), done);
      done += got;
      if (got < wanted) break;
    }
    return done;
  }

  private piece(mount: number, offset: number, length: number): number {
    this.serial = this.serial >= 2 ** 31 - 1 ? 1 : this.serial + 1;
    const serial = this.serial;
    Atomics.store(this.header, SERIAL, 0);
    this.port.postMessage({ type: 'read', serial, mount, offset, length });
    const deadline = performance.now() + this.timeoutMs;
    for (let seen = Atomics.load(this.header, SERIAL); seen !== serial; seen = Atomics.load(this.header, SERIAL)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new BlobReadError(0, `reading the file timed out after ${String(this.timeoutMs)} ms`);
      Atomics.wait(this.header, SERIAL, seen, left);
    }
    const result = Atomics.load(this.header, RESULT);
    if (result < 0) throw new BlobReadError(result, describeReadFailure(result));
    if (result > length) throw new BlobReadError(result, `the frame answered ${String(result)} bytes for a ${String(length)}-byte read`);
    return result;
  }
}
