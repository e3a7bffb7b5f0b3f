import { KernelClient } from '../client/kernel-client';
import type { KernelState } from '../kernel-types';
import { FakeWorkerFactory, until } from './fake-kernel-worker';

export interface TestClientOptions {
  /** The kernel frames are cross-origin isolated (they hold an interrupt flag). Default true. */
  isolated?: boolean;
  standby?: boolean;
  /** Fake workers finish booting by themselves. Default true. */
  autoBoot?: boolean;
  timeoutMs?: number;
  interruptGraceMs?: number;
}

export function createTestClient({ isolated = true, standby = true, autoBoot = true, timeoutMs, interruptGraceMs = 1000 }: TestClientOptions = {}) {
  const factory = new FakeWorkerFactory(autoBoot, isolated);
  const client = new KernelClient({
    createHost: factory.createHost,
    indexURL: '/pyodide/',
    packagesURL: 'https://packages.example/pyodide/',
    standby,
    timeoutMs,
    interruptGraceMs,
  });
  const states: KernelState[] = [];
  client.subscribe(() => states.push(client.getState()));
  return { client, factory, states };
}

/** Starts the client and waits until the primary is ready and (if enabled) the standby has booted too. */
export async function startReady(setup: ReturnType<typeof createTestClient>, { standby = true } = {}): Promise<void> {
  setup.client.start();
  await until(() => setup.client.getState().state === 'ready', 'the primary to be ready');
  if (standby) await until(() => setup.client.getStandbyStatus() === 'ready', 'the standby to boot');
}

export function bytes(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}
