import { CONNECT_MESSAGE, type PageToFrame } from '@/workers/kernel-frame-protocol';
import type { KernelHost } from '../kernel-types';

/** How long the frame may take to load and answer the handshake before the kernel counts as crashed. */
const CONNECT_TIMEOUT_MS = 30_000;

export interface KernelFrameOptions {
  /** Same-origin URL of the frame document (app/kernel/frame/route.ts), e.g. '/kernel/frame'. */
  frameUrl: string;
  /** Where the hidden frame is attached. Default: document.body. */
  container?: HTMLElement;
}

/**
 * One kernel in its own opaque-origin frame: `sandbox="allow-scripts"` without `allow-same-origin`, so a full escape
 * from Python inside it holds no cookie or storage of the app. `allow="cross-origin-isolated"` keeps
 * SharedArrayBuffer (and so Stop without losing state) inside it.
 *
 * The handshake: once the frame has loaded, the page posts it one end of a MessageChannel. An opaque origin cannot
 * be named as a target origin, hence '*' for that one message, which carries nothing but the port; every later
 * message, both ways, goes over the port, which no other window holds. terminate() removes the frame, which ends its
 * worker and everything the code inside armed (timers, callbacks).
 */
export class KernelFrame extends EventTarget implements KernelHost {
  readonly element: HTMLIFrameElement;
  private readonly port: MessagePort;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor({ frameUrl, container = document.body }: KernelFrameOptions) {
    super();
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (event) => {
      if (this.closed) return;
      clearTimeout(this.connectTimer);
      this.dispatchEvent(new MessageEvent('message', { data: event.data }));
    };
    this.port.onmessageerror = () => this.fail('a message from the kernel frame could not be read');

    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('allow', 'cross-origin-isolated');
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('data-testid', 'kernel-frame');
    frame.tabIndex = -1;
    frame.title = 'Python kernel (isolated)';
    frame.style.display = 'none';
    frame.addEventListener('load', () => frame.contentWindow?.postMessage({ type: CONNECT_MESSAGE }, '*', [channel.port2]), { once: true });
    frame.src = frameUrl;
    this.element = frame;
    this.connectTimer = setTimeout(() => this.fail('the kernel frame did not start (no answer to the handshake)'), CONNECT_TIMEOUT_MS);
    container.appendChild(frame);
  }

  postMessage(message: PageToFrame, transfer: Transferable[] = []): void {
    if (!this.closed) this.port.postMessage(message, transfer);
  }

  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    this.port.onmessage = null;
    this.port.close();
    this.element.remove();
  }

  private fail(message: string): void {
    if (this.closed) return;
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}
