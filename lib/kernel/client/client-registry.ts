import type { KernelClient } from './kernel-client';

interface Entry {
  client: KernelClient;
  refs: number;
  disposeTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One kernel client per page and configuration, shared by every component that uses it. Reference-counted, with a
 * deferred dispose: React StrictMode (and a quick remount) releases and re-acquires within the same task, and
 * booting Python again would cost seconds and lose the variables.
 */
const entries = new Map<string, Entry>();

export function acquireKernelClient(key: string, create: () => KernelClient): KernelClient {
  let entry = entries.get(key);
  if (!entry) {
    entry = { client: create(), refs: 0, disposeTimer: undefined };
    entries.set(key, entry);
  }
  clearTimeout(entry.disposeTimer);
  entry.disposeTimer = undefined;
  entry.refs += 1;
  return entry.client;
}

export function releaseKernelClient(key: string, client: KernelClient, { delayMs = 0 } = {}): void {
  const entry = entries.get(key);
  if (!entry || entry.client !== client) return;
  entry.refs = Math.max(0, entry.refs - 1);
  if (entry.refs > 0) return;
  clearTimeout(entry.disposeTimer);
  entry.disposeTimer = setTimeout(() => {
    if (entry.refs > 0 || entries.get(key) !== entry) return;
    entries.delete(key);
    client.dispose();
  }, delayMs);
}
