import type { KernelProgress } from '@/workers/kernel-protocol';
import type { BoundDataset, KernelState, KernelStateLoss, KernelStatus } from '../kernel-types';
import { StateListeners } from './state-listeners';

export const INITIAL_STATUS: KernelStatus = { state: 'loading', message: 'Starting Python…', progress: 0 };

/** The state before the client exists or has started; also the server snapshot, so hydration matches. */
export const INITIAL_KERNEL_STATE: KernelState = { ...INITIAL_STATUS, busy: false, generation: 0, lastLoss: null, prefetch: null, bindings: [] };

/**
 * The kernel client's subscribe-able state (KernelState): its parts as the client changes them, the snapshot
 * getState() returns (a new object only when something changed, as useSyncExternalStore needs), and when
 * subscribers hear of a change. The bindings are read from the client's mounted files at each change.
 */
export class KernelStateStore {
  private current: KernelStatus = INITIAL_STATUS;
  private busy = false;
  private generation = 0;
  private lastLoss: KernelStateLoss | null = null;
  private prefetchProgress: KernelProgress | null = null;
  private state: KernelState = INITIAL_KERNEL_STATE;
  private readonly listeners = new StateListeners();

  constructor(private readonly bindings: () => BoundDataset[]) {}

  /** For useSyncExternalStore: stable function identities. */
  readonly subscribe = this.listeners.subscribe;

  readonly getState = (): KernelState => this.state;

  get status(): KernelStatus {
    return this.current;
  }

  /** Subscribers re-render now, whether or not the snapshot changed (a run was sent: the page shows it busy). */
  notify(): void {
    this.listeners.notify();
  }

  /** The kernel's variables are gone (killed, crashed, reset): a new generation; told with the next change. */
  recordLoss(reason: KernelStateLoss['reason']): void {
    this.generation += 1;
    this.lastLoss = { reason, generation: this.generation };
  }

  /** Download progress of the data libraries on the current primary; null for a new primary (told with the next change). */
  setPrefetch(progress: KernelProgress | null): void {
    this.prefetchProgress = progress;
  }

  setStatus(status: KernelStatus): void {
    this.current = status;
    this.emit();
  }

  setBusy(busy: boolean, notify: 'later' | 'after-task'): void {
    this.busy = busy;
    this.emit(notify);
  }

  /** Updates getState(); subscribers are told now, in a task of their own, or later by the caller. */
  emit(notify: 'now' | 'later' | 'after-task' = 'now'): void {
    this.state = {
      ...this.current,
      busy: this.busy,
      generation: this.generation,
      lastLoss: this.lastLoss,
      prefetch: this.prefetchProgress,
      bindings: this.bindings(),
    };
    if (notify === 'now') this.listeners.notify();
    else if (notify === 'after-task') this.listeners.notifyAfterTask();
  }
}
