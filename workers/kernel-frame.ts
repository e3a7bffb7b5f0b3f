/**
 * The kernel's home: the script of the opaque-origin frame the page creates (`<iframe sandbox="allow-scripts">`,
 * served by app/kernel/frame/route.ts). It starts the kernel worker and relays between the page and the worker; it
 * never interprets what the worker says (the page validates that). Built as its own ES module by
 * scripts/prepare-assets.mjs.
 *
 * Why a frame: code that escapes Python holds whatever its context holds. Here that is an opaque origin — no cookie
 * goes out with its requests, no storage of the app is readable, the parent's DOM is cross-origin — under a CSP
 * without 'unsafe-eval' whose connect-src/script-src reach only the kernel's own files and the package mirror.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { KernelApi, KernelProgress, MountFile, StreamChunk, WorkerMountFile } from './kernel-protocol';
import { DATA_BYTES, HEADER_BYTES } from './blob-read-protocol';
import { BlobServer } from './blob-server';
import { CONNECT_MESSAGE, type FrameToPage, type PageCall, type PageToFrame } from './kernel-frame-protocol';

// The frame's own origin is opaque ('null'); the app's is where this module was loaded from.
const appOrigin = new URL(import.meta.url).origin;
const WORKER_URL = `${appOrigin}/kernel/kernel.worker.mjs`;
const WORKER_LOADED = 'kernel-worker-loaded';
const WORKER_FAILED = 'kernel-worker-failed';

/**
 * The worker's first script. An opaque-origin frame can start only a classic worker from a blob: URL (NOTES.md); it
 * then imports the module worker. Pyodide refuses classic workers by probing `importScripts`, so that goes first —
 * from the prototype, where it lives. The worker signals once `expose()` listens: a message posted before would be lost.
 */
const BOOTSTRAP = `
for (let scope = self; scope; scope = Object.getPrototypeOf(scope)) {
  try { delete scope.importScripts; } catch {}
}
import(${JSON.stringify(WORKER_URL)}).then(
  () => postMessage({ type: ${JSON.stringify(WORKER_LOADED)} }),
  (error) => postMessage({ type: ${JSON.stringify(WORKER_FAILED)}, message: String(error && error.message || error) }),
);`;

let port: MessagePort | null = null;
let api: Remote<KernelApi> | null = null;
let loaded: Promise<void> | null = null;
// The frame owns the interrupt flag: a SharedArrayBuffer cannot be posted from the page into an opaque-origin frame.
const isolated = typeof SharedArrayBuffer === 'function' && crossOriginIsolated;
const interruptFlag = isolated ? new Uint8Array(new SharedArrayBuffer(1)) : null;
/**
 * Where isolated, the frame also keeps the Blobs mounted in the kernel and serves their reads (blob-server.ts): this
 * thread is idle while Python runs, so the buffers of a streamed file are collected as it goes.
 */
const readBuffer = isolated ? new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES) : null;
const blobServer = readBuffer ? new BlobServer(readBuffer) : null;
/** File name → the id its Blob is served under, so a replaced file's Blob is let go. */
const servedBlobs = new Map<string, number>();

function send(message: FrameToPage): void {
  port?.postMessage(message);
}

function startWorker(): Promise<void> {
  const blobUrl = URL.createObjectURL(new Blob([BOOTSTRAP], { type: 'text/javascript' }));
  const started = new Worker(blobUrl, { name: 'python-kernel' });
  return new Promise<void>((resolve, reject) => {
    const onFirstMessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (!data || typeof data !== 'object' || !('type' in data)) return;
      if (data.type === WORKER_LOADED) {
        started.removeEventListener('message', onFirstMessage);
        URL.revokeObjectURL(blobUrl);
        api = wrap<KernelApi>(started);
        resolve();
      } else if (data.type === WORKER_FAILED) {
        const message = 'message' in data && typeof data.message === 'string' ? data.message : 'unknown error';
        reject(new Error(`the kernel worker could not load its code (${message})`));
      }
    };
    started.addEventListener('message', onFirstMessage);
    started.addEventListener('error', (event) => {
      event.preventDefault();
      send({ type: 'fatal', message: event.message || 'the kernel worker raised an uncaught error' });
    });
    started.addEventListener('messageerror', () => send({ type: 'fatal', message: 'a message from the kernel worker could not be read' }));
  });
}

async function handleCall(call: PageCall): Promise<void> {
  const remote = api;
  if (!remote) throw new Error('the kernel worker is not loaded');
  const onProgress = proxy((progress: KernelProgress) => send({ type: 'progress', id: call.id, progress }));
  const onStream = proxy((chunk: StreamChunk) => send({ type: 'stream', id: call.id, chunk }));
  // The worker releases these proxies when its call ends (kernel.worker.ts), which closes their ports here.
  let value: unknown;
  if (call.method === 'init') {
    const channel = readBuffer && blobServer ? new MessageChannel() : null;
    if (channel && blobServer) {
      const reply = channel.port1;
      // Whatever the worker posts is parsed by the server; a message that cannot even be deserialised is dropped.
      reply.onmessage = (event: MessageEvent) => void blobServer.receive(event.data, reply);
    }
    const options = {
      ...call.options,
      ...(interruptFlag ? { interruptBuffer: interruptFlag } : {}),
      ...(channel && readBuffer ? { blobReads: { buffer: readBuffer, port: channel.port2 } } : {}),
    };
    value = await remote.init(channel ? transfer(options, [channel.port2]) : options, onProgress);
  } else if (call.method === 'mountFiles') {
    value = await mountFiles(remote, call.files);
  } else if (call.method === 'prefetch') {
    value = await remote.prefetch(call.packages, onProgress);
  } else {
    value = await remote.run(call.request, onStream, onProgress);
  }
  send({ type: 'return', id: call.id, value });
}

/** Sends the files to the worker; where the frame serves reads, each File/Blob stays here and the worker gets its id. */
async function mountFiles(remote: Remote<KernelApi>, files: MountFile[]): Promise<unknown> {
  const server = blobServer;
  const buffers = files.flatMap((file) => (file.data instanceof ArrayBuffer ? [file.data] : []));
  if (!server) return remote.mountFiles(transfer(files, buffers));
  const registered: number[] = [];
  const sent: WorkerMountFile[] = files.map((file) => {
    if (!(file.data instanceof Blob)) return file;
    const id = server.register(file.data);
    registered.push(id);
    return { ...file, data: { remoteBlob: id, size: file.data.size } };
  });
  let value: unknown;
  try {
    value = await remote.mountFiles(transfer(sent, buffers));
  } catch (error) {
    for (const id of registered) server.drop(id);
    throw error;
  }
  // The worker replaced each file of these names: the Blobs it read before are let go.
  sent.forEach((file) => {
    const previous = servedBlobs.get(file.name);
    if (previous !== undefined) server.drop(previous);
    if (file.data instanceof ArrayBuffer || file.data instanceof Blob) servedBlobs.delete(file.name);
    else servedBlobs.set(file.name, file.data.remoteBlob);
  });
  return value;
}

function onPageMessage(event: MessageEvent<PageToFrame>): void {
  const message = event.data;
  if (message.type === 'interrupt' || message.type === 'clear-interrupt') {
    if (interruptFlag) interruptFlag[0] = message.type === 'interrupt' ? 2 : 0;
    return;
  }
  loaded ??= startWorker();
  loaded
    .then(() => handleCall(message))
    .catch((error: unknown) => send({ type: 'throw', id: message.id, message: error instanceof Error ? error.message : String(error) }));
}

// The handshake: only our parent, on the app's origin, hands us the port, once.
window.addEventListener('message', (event: MessageEvent) => {
  if (port || event.source !== window.parent || event.origin !== appOrigin) return;
  const data: unknown = event.data;
  const [received] = event.ports;
  if (!received || !data || typeof data !== 'object' || !('type' in data) || data.type !== CONNECT_MESSAGE) return;
  port = received;
  port.onmessage = onPageMessage;
  send({ type: 'connected' });
  loaded = startWorker();
  loaded.catch((error: unknown) => send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }));
});
