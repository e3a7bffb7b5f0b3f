import { z } from 'zod';
import type { FrameInitOptions, PageCall } from '@/workers/kernel-frame-protocol';
import type {
  InitInfo,
  KernelLimits,
  KernelProgress,
  MountFile,
  MountedFile,
  PrefetchOutcome,
  RunRequest,
  RunResult,
  StreamChunk,
} from '@/workers/kernel-protocol';
import {
  describeSchemaError,
  initInfoSchema,
  MAX_ERROR_MESSAGE_CHARS,
  mountedFilesSchema,
  prefetchOutcomeSchema,
  progressSchema,
  runResultSchema,
  streamChunkSchema,
} from '@/workers/kernel-schema';
import type { KernelHost } from './kernel-types';

/** The envelope of every frame → page message; the payloads are checked per call below. */
const frameMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected') }),
  z.object({ type: z.literal('progress'), id: z.number().int(), progress: z.unknown() }),
  z.object({ type: z.literal('stream'), id: z.number().int(), chunk: z.unknown() }),
  z.object({ type: z.literal('return'), id: z.number().int(), value: z.unknown() }),
  z.object({ type: z.literal('throw'), id: z.number().int(), message: z.string().max(MAX_ERROR_MESSAGE_CHARS) }),
  z.object({ type: z.literal('fatal'), message: z.string().max(MAX_ERROR_MESSAGE_CHARS) }),
]);

interface PendingCall {
  method: PageCall['method'];
  /** Validates the answer and resolves with it; returns what was wrong when it does not fit. */
  accept: (value: unknown) => string | null;
  reject: (error: Error) => void;
  onStream?: (chunk: StreamChunk) => void;
  onProgress?: (progress: KernelProgress) => void;
}

export interface KernelRpcOptions {
  host: KernelHost;
  limits: KernelLimits;
  /** The kernel broke the contract or reported itself dead; the handle terminates it. */
  onFailure: (detail: string, kind: 'contract' | 'fatal') => void;
}

/**
 * The page's calls into one kernel frame. Every answer is validated before anyone sees it: the envelope, then the
 * payload against the schema of the call it answers, with the run's size caps. Messages for calls that are not
 * pending, and any payload that does not fit, are a contract violation: nothing of it reaches the page.
 */
/** The buffers of a mount call, to transfer; a File/Blob is sent by reference (structured clone shares its bytes). */
function transferableData(files: MountFile[]): ArrayBuffer[] {
  return files.flatMap((file) => (file.data instanceof ArrayBuffer ? [file.data] : []));
}

/** Settled calls remembered for late output (see handleMessage); a few are enough, runs do not overlap. */
const SETTLED_MEMORY = 8;

export class KernelRpc {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  /**
   * Calls that took output (stream/progress) and have settled. The frame forwards the worker's output callbacks and
   * its return value as they reach it, but comlink sends each proxied callback over its own MessageChannel, so under
   * load a last chunk can arrive after the return (seen in Chromium: "a stream message for call #3, which is not
   * waiting for one", which stopped the kernel and lost its variables). Such a message is still checked against its
   * schema and then dropped: the settled RunResult already carries the whole output.
   */
  private readonly settled = new Map<number, Pick<PendingCall, 'method' | 'onStream' | 'onProgress'>>();
  private readonly progress = progressSchema;
  private readonly chunk: z.ZodType<StreamChunk>;
  /** Built once per kernel, not per run: building the schema (jitless zod) cost more than checking a small result. */
  private readonly runResult: z.ZodType<RunResult>;

  constructor(private readonly options: KernelRpcOptions) {
    this.chunk = streamChunkSchema(options.limits);
    this.runResult = runResultSchema(options.limits);
    options.host.addEventListener('message', this.handleMessage);
  }

  init(options: FrameInitOptions, onProgress: (progress: KernelProgress) => void): Promise<InitInfo> {
    return this.call((id) => ({ type: 'call', id, method: 'init', options }), initInfoSchema, [], { onProgress });
  }

  /** The files' buffers are transferred (the caller passes copies it can give away). */
  mountFiles(files: MountFile[]): Promise<MountedFile[]> {
    return this.call((id) => ({ type: 'call', id, method: 'mountFiles', files }), mountedFilesSchema(files.length), transferableData(files));
  }

  run(request: RunRequest, onStream: (chunk: StreamChunk) => void, onProgress: (progress: KernelProgress) => void): Promise<RunResult> {
    return this.call((id) => ({ type: 'call', id, method: 'run', request }), this.runResult, [], { onStream, onProgress });
  }

  prefetch(packages: string[], onProgress: (progress: KernelProgress) => void): Promise<PrefetchOutcome> {
    return this.call((id) => ({ type: 'call', id, method: 'prefetch', packages }), prefetchOutcomeSchema, [], { onProgress });
  }

  interrupt(): void {
    this.options.host.postMessage({ type: 'interrupt' });
  }

  clearInterrupt(): void {
    this.options.host.postMessage({ type: 'clear-interrupt' });
  }

  /** Stops listening; pending calls are left to the handle, which rejects them at the worker's exit. */
  dispose(): void {
    this.options.host.removeEventListener('message', this.handleMessage);
    this.pending.clear();
    this.settled.clear();
  }

  private call<T>(
    build: (id: number) => PageCall,
    schema: z.ZodType<T>,
    transfer: Transferable[],
    callbacks: Pick<PendingCall, 'onStream' | 'onProgress'> = {},
  ): Promise<T> {
    const call = build(this.nextId++);
    return new Promise<T>((resolve, reject) => {
      const accept = (value: unknown): string | null => {
        const parsed = schema.safeParse(value);
        if (!parsed.success) return describeSchemaError(parsed.error);
        resolve(parsed.data);
        return null;
      };
      this.pending.set(call.id, { method: call.method, accept, reject, ...callbacks });
      this.options.host.postMessage(call, transfer);
    });
  }

  private readonly handleMessage = (event: Event): void => {
    const envelope = frameMessageSchema.safeParse(event instanceof MessageEvent ? event.data : undefined);
    if (!envelope.success) return this.violate(`an unknown message: ${describeSchemaError(envelope.error)}`);
    const message = envelope.data;
    if (message.type === 'connected') return;
    if (message.type === 'fatal') return this.options.onFailure(message.message, 'fatal');
    const pending = this.pending.get(message.id);
    if (!pending) {
      const late = this.settled.get(message.id);
      if (late && message.type === 'stream' && late.onStream) {
        const chunk = this.chunk.safeParse(message.chunk);
        return chunk.success ? undefined : this.violate(`output: ${describeSchemaError(chunk.error)}`);
      }
      if (late && message.type === 'progress' && late.onProgress) {
        const progress = this.progress.safeParse(message.progress);
        return progress.success ? undefined : this.violate(`${late.method} progress: ${describeSchemaError(progress.error)}`);
      }
      return this.violate(`a ${message.type} message for call #${message.id}, which is not waiting for one`);
    }

    if (message.type === 'progress') {
      const progress = this.progress.safeParse(message.progress);
      if (!progress.success) return this.violate(`${pending.method} progress: ${describeSchemaError(progress.error)}`);
      return pending.onProgress?.(progress.data);
    }
    if (message.type === 'stream') {
      if (!pending.onStream) return this.violate(`output for a ${pending.method} call`);
      const chunk = this.chunk.safeParse(message.chunk);
      if (!chunk.success) return this.violate(`output: ${describeSchemaError(chunk.error)}`);
      return pending.onStream(chunk.data);
    }
    this.pending.delete(message.id);
    if (pending.onStream || pending.onProgress) {
      this.settled.set(message.id, { method: pending.method, onStream: pending.onStream, onProgress: pending.onProgress });
      for (const id of this.settled.keys()) if (this.settled.size > SETTLED_MEMORY) this.settled.delete(id);
    }
    if (message.type === 'throw') return pending.reject(new Error(message.message));
    const problem = pending.accept(message.value);
    if (problem) this.violate(`the ${pending.method} result: ${problem}`);
  };

  private violate(detail: string): void {
    this.options.onFailure(detail, 'contract');
  }
}
