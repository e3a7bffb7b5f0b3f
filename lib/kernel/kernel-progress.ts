import type { KernelProgress } from '@/workers/kernel-protocol';

/**
 * Turns a worker progress event into the status bar's message and fraction. `step` of `steps` is the boot step
 * being worked on (so the last step shows as 1); `index` of `total` counts packages from 0, and a loaded package
 * counts as done. The fraction is of the current phase only: boot and package loading each fill the bar once.
 */
export function describeProgress(progress: KernelProgress): { message: string; progress: number } {
  if (progress.phase === 'boot') {
    return { message: progress.message, progress: fraction(progress.step, progress.steps) };
  }
  const done = progress.state === 'loaded' ? progress.index + 1 : progress.index;
  return { message: progress.message, progress: fraction(done, progress.total) };
}

function fraction(done: number, total: number): number {
  if (!(total > 0) || !Number.isFinite(done)) return 0;
  return Math.min(1, Math.max(0, done / total));
}
