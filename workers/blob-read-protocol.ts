/**
 * The read channel between the kernel worker and its frame, for files mounted from a File/Blob (blob-reader.ts on the
 * worker's side, blob-server.ts on the frame's). Why: read in the worker itself (Emscripten's WORKERFS, FileReaderSync)
 * each piece lands in a fresh ArrayBuffer that V8 frees only at its external-memory limit, because the worker runs
 * Python without ever yielding — streaming a 2 GiB file grew the tab by ~1 GiB. The frame's thread is idle while Python
 * runs, so it does the reading and its garbage is collected as it goes; the worker waits on a SharedArrayBuffer.
 *
 * The shared buffer: a header of HEADER_INTS Int32 cells, then the data area. The worker clears [SERIAL], posts a
 * request {serial, mount, offset, length} on the port and waits on [SERIAL]; the server writes the piece into the data
 * area, its byte count (≥ 0) or a negative ReadFailure code into [RESULT], then the request's serial into [SERIAL], and
 * notifies. The serial means a late answer (to a timed-out read) is never taken for a newer one.
 *
 * The worker is untrusted (escaped Python can post anything on the port and write anything into the buffer): the
 * server parses every request with the schema below, serves only blobs the frame mounted, by id, with bounds
 * checked, and never reads a field of the buffer it did not write.
 */
import * as z from 'zod/mini';

export const HEADER_INTS = 4;
export const HEADER_BYTES = HEADER_INTS * Int32Array.BYTES_PER_ELEMENT;
/** The data area: one 8 MiB window, reused for every piece (a larger read loops). */
export const DATA_BYTES = 8 * 1024 * 1024;

export const RESULT = 0;
export const SERIAL = 1;

/** Negative RESULT values: why a read was refused or failed. */
export const ReadFailure = {
  /** Not a read request of this protocol (the message says what was wrong). */
  malformed: -1,
  /** No blob is mounted under that id (never was, or replaced since). */
  unknownMount: -2,
  /** The offset lies past the end of the blob. */
  outOfBounds: -3,
  /** The browser could not read the file (changed or deleted on disk since it was picked). */
  readFailed: -4,
} as const;

export function describeReadFailure(code: number): string {
  switch (code) {
    case ReadFailure.malformed:
      return 'the read request was malformed';
    case ReadFailure.unknownMount:
      return 'the file is no longer mounted';
    case ReadFailure.outOfBounds:
      return 'the read starts past the end of the file';
    case ReadFailure.readFailed:
      return 'the browser could not read the file (was it changed or deleted on disk?)';
    default:
      return `unknown read failure ${String(code)}`;
  }
}

const serial = z.number().check(z.int(), z.gte(1), z.lte(2 ** 31 - 1));

/** One piece of one mounted blob: at most the data area, at an offset a File can have (< 2^53). */
export const readRequestSchema = z.strictObject({
  type: z.literal('read'),
  serial,
  mount: z.number().check(z.int(), z.gte(1), z.lte(2 ** 31 - 1)),
  offset: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  length: z.number().check(z.int(), z.gte(1), z.lte(DATA_BYTES)),
});
export type ReadRequest = z.infer<typeof readRequestSchema>;

/**
 * What the server answers on the port besides the shared buffer: only refusals, so the frame can say why without
 * trusting the worker. The worker reads its answer from the buffer; this is for diagnostics (and the tests).
 */
export interface ReadRefusal {
  type: 'read-refused';
  code: number;
  message: string;
}

/** A mounted blob as the worker knows it: the id the frame serves it under, and its size. */
export interface RemoteBlob {
  remoteBlob: number;
  size: number;
}

/** What the frame hands the worker at init when it serves reads (absent: WORKERFS reads the Blob in the worker). */
export interface BlobReadChannel {
  buffer: SharedArrayBuffer;
  port: MessagePort;
}
