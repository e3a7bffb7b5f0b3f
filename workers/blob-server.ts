/**
 * The frame's side of the read channel (blob-read-protocol.ts): it keeps the Blobs mounted in the kernel and answers
 * the worker's read requests into the shared buffer. It runs on the frame's thread, whose event loop is free while
 * Python runs in the worker, so each piece's ArrayBuffer is collected as the file streams.
 *
 * Everything the worker sends is untrusted: a request is parsed, only a blob this frame registered is served (by the
 * id it gave), the offset is checked against the blob's size and the length against the data area. A request that
 * fails any of that is refused with a specific code (and a message on the port); nothing the worker sends can throw
 * out of here.
 */
import type * as z from 'zod/mini';
import {
  DATA_BYTES,
  describeReadFailure,
  HEADER_BYTES,
  HEADER_INTS,
  RESULT,
  ReadFailure,
  readRequestSchema,
  SERIAL,
  type ReadRefusal,
} from './blob-read-protocol';

/** Where refusals go (the frame's end of the worker's port). */
export interface RefusalSink {
  postMessage(message: ReadRefusal): void;
}

const SCRATCH_BYTES = 1024 * 1024;

export class BlobServer {
  private nextId = 1;
  private readonly blobs = new Map<number, Blob>();
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  /** One read at a time: at most one piece is in memory, and a flood of requests queues instead of piling up. */
  private queue: Promise<void> = Promise.resolve();
  /** The one buffer pieces are read into before the copy into the shared buffer (reused: see copy()). */
  private scratch = new ArrayBuffer(SCRATCH_BYTES);

  constructor(buffer: SharedArrayBuffer) {
    if (buffer.byteLength < HEADER_BYTES + DATA_BYTES) throw new Error('the shared read buffer is too small');
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.data = new Uint8Array(buffer, HEADER_BYTES, DATA_BYTES);
  }

  /** Serves `blob` from now on; returns the id the worker reads it by. */
  register(blob: Blob): number {
    const id = this.nextId;
    this.nextId += 1;
    this.blobs.set(id, blob);
    return id;
  }

  /** Stops serving a blob (its file was replaced in the kernel); later reads of it are refused. */
  drop(id: number): void {
    this.blobs.delete(id);
  }

  /**
   * Queues one message from the worker's port; refusals go back to `refusals`. The promise settles once the message
   * is answered, and never rejects.
   */
  receive(message: unknown, refusals: RefusalSink): Promise<void> {
    // serve() handles every failure it can foresee; the catch keeps the queue alive if something else throws.
    const next = this.queue.then(() => this.serve(message, refusals)).catch(() => refuse(refusals, ReadFailure.readFailed, 'internal error'));
    this.queue = next;
    return next;
  }

  private async serve(message: unknown, refusals: RefusalSink): Promise<void> {
    const answer = (serial: number, result: number, detail?: string) => {
      this.publish(serial, result);
      if (result < 0) refuse(refusals, result, detail);
    };
    const parsed = readRequestSchema.safeParse(message);
    if (!parsed.success) {
      // No serial can be trusted here, so the buffer is left alone: the refusal goes on the port only.
      const issue = parsed.error.issues[0];
      refuse(refusals, ReadFailure.malformed, issue ? describeIssue(issue) : undefined);
      return;
    }
    const { serial, mount, offset, length } = parsed.data;
    const blob = this.blobs.get(mount);
    if (!blob) return answer(serial, ReadFailure.unknownMount, `mount ${String(mount)}`);
    if (offset > blob.size) return answer(serial, ReadFailure.outOfBounds, `offset ${String(offset)} of a ${String(blob.size)}-byte file`);
    const end = Math.min(blob.size, offset + length);
    let copied: number;
    try {
      copied = end > offset ? await this.copy(blob.slice(offset, end)) : 0;
    } catch (error: unknown) {
      return answer(serial, ReadFailure.readFailed, error instanceof Error ? error.name : 'error');
    }
    // A Blob's slice has exactly the bytes asked for; checked anyway.
    if (copied !== end - offset) return answer(serial, ReadFailure.readFailed, `read ${String(copied)} of ${String(end - offset)} bytes`);
    answer(serial, copied);
  }

  /**
   * Copies `piece` (at most the data area) into the data area; returns the bytes copied. It reads the Blob's byte
   * stream into one reused buffer (BYOB): `blob.arrayBuffer()` would allocate a fresh buffer per piece, the garbage that
   * grew memory in the first place (~+300 MiB over a 2 GiB file even on this idle thread). The streams spec refuses a
   * SharedArrayBuffer as the read's target, hence the one copy.
   */
  private async copy(piece: Blob): Promise<number> {
    const stream = piece.stream();
    let reader: ReadableStreamBYOBReader;
    try {
      reader = stream.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream in this browser: one fresh buffer per piece, collected at the pace of this thread's GC.
      const bytes = new Uint8Array(await piece.arrayBuffer());
      this.data.set(bytes.subarray(0, Math.min(bytes.length, this.data.length)));
      return bytes.length;
    }
    let copied = 0;
    try {
      while (copied < piece.size) {
        const { value, done } = await reader.read(new Uint8Array(this.scratch, 0, Math.min(this.scratch.byteLength, piece.size - copied)));
        // The read transferred the buffer into `value`; it comes back for the next one.
        if (value) this.scratch = value.buffer;
        if (done || !value) break;
        this.data.set(value, copied);
        copied += value.byteLength;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      // A read that failed keeps the buffer it was handed (detached here): the next piece gets a new one.
      if (this.scratch.byteLength === 0) this.scratch = new ArrayBuffer(SCRATCH_BYTES);
    }
    return copied;
  }

  /** Publishes a result: RESULT first, then SERIAL, which is what the worker waits on. */
  private publish(serial: number, result: number): void {
    Atomics.store(this.header, RESULT, result);
    Atomics.store(this.header, SERIAL, serial);
    Atomics.notify(this.header, SERIAL);
  }
}

/**
 * What was wrong with a request, in words (zod/mini carries no messages of its own: the frame's bundle stays small).
 * Keys come from the worker, so they are cut.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map((part) => String(part).slice(0, 40)).join('.') : 'the request';
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${issue.expected}`;
    case 'too_small':
      return `${where}: below ${String(issue.minimum)}`;
    case 'too_big':
      return `${where}: above ${String(issue.maximum)}`;
    case 'invalid_value':
      return `${where}: expected ${issue.values.map(String).join(' or ')}`;
    case 'unrecognized_keys':
      return `unexpected ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys
        .slice(0, 3)
        .map((key) => key.slice(0, 40))
        .join(', ')}`;
    default:
      return `${where}: ${issue.code}`;
  }
}

function refuse(refusals: RefusalSink, code: number, detail?: string): void {
  try {
    refusals.postMessage({ type: 'read-refused', code, message: `${describeReadFailure(code)}${detail ? ` (${detail})` : ''}` });
  } catch {
    // A closed port: the refusal is only a diagnostic (the shared buffer carries the answer of a well-formed request).
  }
}
