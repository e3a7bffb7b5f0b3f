/**
 * The page ⇄ kernel-frame wire protocol. The kernel (Pyodide and its worker) lives in an `<iframe sandbox="allow-scripts">`
 * with an opaque origin (workers/kernel-frame.ts); the page talks to it over a MessagePort it hands the frame once,
 * so after the handshake no other window can read or inject a message. Page → frame messages are the page's own;
 * frame → page messages are untrusted and checked against workers/kernel-schema.ts before use.
 */
import type { InitOptions, MountFile, RunRequest } from './kernel-protocol';

/** The first message, posted to the frame's window with the port in `transfer`. */
export const CONNECT_MESSAGE = 'ask-your-data:kernel-connect';

/** InitOptions as the page sends them: the frame owns the interrupt buffer and the blob-read channel (a
 * SharedArrayBuffer cannot cross into an opaque-origin frame, which is another agent cluster), and URLs are absolute (the frame's worker has no base). */
export type FrameInitOptions = Omit<InitOptions, 'interruptBuffer' | 'blobReads'>;

export type PageCall =
  | { type: 'call'; id: number; method: 'init'; options: FrameInitOptions }
  | { type: 'call'; id: number; method: 'mountFiles'; files: MountFile[] }
  | { type: 'call'; id: number; method: 'run'; request: RunRequest }
  | { type: 'call'; id: number; method: 'prefetch'; packages: string[] };

/** `interrupt` writes SIGINT (2) into the frame's shared flag; `clear-interrupt` writes 0. Ordered with the calls. */
export type PageToFrame = PageCall | { type: 'interrupt' } | { type: 'clear-interrupt' };

/**
 * What the frame sends back (the shapes it should send; the page validates each one). `progress` and `stream` belong
 * to the call with that id; `return`/`throw` settle it; `fatal` means the worker is gone (error event, failed load);
 * `connected` answers the handshake.
 */
export type FrameToPage =
  | { type: 'connected' }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'stream'; id: number; chunk: unknown }
  | { type: 'return'; id: number; value: unknown }
  | { type: 'throw'; id: number; message: string }
  | { type: 'fatal'; message: string };
