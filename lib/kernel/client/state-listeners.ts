/**
 * The kernel client's subscribers (useSyncExternalStore in the page). Most changes notify at once; a run's end can
 * notify in a task of its own instead (`notifyAfterTask`), because React re-renders a subscribed page synchronously in
 * the next microtask: notified at once, the whole workspace would re-render between the kernel's answer and the code
 * awaiting it — and, when that code starts the next run straight away, before the next run is even sent.
 */
export class StateListeners {
  private readonly listeners = new Set<() => void>();
  private pending = false;

  /** For useSyncExternalStore: a stable function identity. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  notify(): void {
    this.pending = false;
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Notifies once the current task and its microtasks are done (a MessageChannel message: not delayed or frozen like
   * timers, which browsers clamp and tests fake). Coalesced; a `notify()` in between makes it a no-op.
   */
  notifyAfterTask(): void {
    if (this.pending) return;
    this.pending = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (this.pending) this.notify();
    };
    channel.port2.postMessage(null);
  }
}
