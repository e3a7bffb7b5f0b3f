/**
 * The kernel contract: the only types shared by the worker (workers/kernel.worker.ts), the Python half
 * (workers/python, which produces the JSON shapes below) and the page (lib/kernel). The page imports this file with
 * `import type` only, so no worker code ends up in the page bundle. Everything here is plain, structured-clonable
 * data: no proxies, class instances or functions cross postMessage except the progress/stream callbacks, which are
 * comlink proxies.
 *
 * What the page sends is declared here. What the kernel answers (RunResult and the rest) is defined once, as the zod
 * schemas the page checks it with (kernel-schema.ts); their inferred types are re-exported from here.
 */
import type { BlobReadChannel, RemoteBlob } from './blob-read-protocol';
import type { InitInfo, KernelProgress, MountedFile, PrefetchOutcome, RunResult, StreamChunk } from './kernel-schema';

export type {
  CellValue,
  InitInfo,
  JsonValue,
  KernelProgress,
  MountedFile,
  PackageSourceStatus,
  PrefetchOutcome,
  ResultValue,
  RunError,
  RunResult,
  RunStatus,
  StreamChunk,
} from './kernel-schema';

export { DEFAULT_KERNEL_LIMITS, type KernelLimits } from './kernel-constants';
import type { KernelLimits } from './kernel-constants';

export interface InitOptions {
  /** Base URL of the self-hosted Pyodide core (pyodide.mjs, .wasm, stdlib, lock file), ending in '/'. */
  indexURL: string;
  /** Base URL Pyodide's compiled packages (wheels) are fetched from, ending in '/'. */
  packagesURL: string;
  /**
   * Shared Int32/Uint8 interrupt flag (one byte) when the page is cross-origin isolated; the page writes 2 (SIGINT)
   * into it to stop pure-Python code. Absent when SharedArrayBuffer is unavailable: then the only stop is terminate().
   */
  interruptBuffer?: Uint8Array;
  /** Caps applied to every run. Defaults: DEFAULT_KERNEL_LIMITS. */
  limits?: Partial<KernelLimits>;
  /** PEP 503 simple index of pure-Python wheels Pyodide does not ship, ending in '/'. Default: PyPI's. */
  wheelsURL?: string;
  /** Import names installed from `wheelsURL` on first import. Default: ['seaborn']. */
  extraWheels?: string[];
  /**
   * Set by the kernel's frame where it is cross-origin isolated: it keeps mounted Blobs and serves their reads through
   * this channel (blob-read-protocol.ts), and sends the worker RemoteBlobs instead. Absent: Blobs are read in the worker.
   */
  blobReads?: BlobReadChannel;
}

/** Formats the kernel can bind to a pandas DataFrame (the catalog's formats). */
export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx';

/**
 * How a mounted file becomes a DataFrame variable (`df1..dfN`). The kernel binds it lazily: pandas reads the file
 * only when code mentions the variable. File names and options reach Python as JSON, never as source.
 */
export interface DatasetBinding {
  /** Python identifier, e.g. 'df1'. */
  variable: string;
  format: DatasetFormat;
  options?: {
    /** One character; a space means runs of spaces or tabs (pandas `sep=r"\s+"`). Default: ',' (csv), tab (tsv). */
    delimiter?: string;
    /** Catalog encoding names: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin-1'. */
    encoding?: string;
    decimal?: string;
    /** Digit grouping character removed from numbers (pandas `thousands`). Default: none. */
    thousands?: string;
    /** Quote character (pandas `quotechar`). Default: '"'. */
    quoteChar?: string;
    /** Lines (csv/tsv) or rows (xlsx) skipped before the header or first data row (pandas `skiprows`). Default: 0. */
    skipRows?: number;
    hasHeader?: boolean;
    /** Column names by position (the catalog renames duplicate/empty headers). */
    names?: string[];
    sheet?: string;
  };
}

export interface MountFile {
  /** File name under /data; a bare name, already sanitised by the caller (no '/', no '..'). */
  name: string;
  /**
   * The bytes, transferred (not copied) into the kernel's memory; or a File/Blob, mounted where it is (a file on the
   * analyst's disk, or cached on disk by the page) and read on demand, so it may be larger than the kernel's memory.
   */
  data: ArrayBuffer | Blob;
  /** Bind the file to a DataFrame variable; absent: the file is only available under /data. */
  binding?: DatasetBinding;
}

/** A MountFile as the worker receives it: the frame swaps a File/Blob for the id it serves it under. */
export interface WorkerMountFile extends Omit<MountFile, 'data'> {
  data: MountFile['data'] | RemoteBlob;
}

/** Bytes of a mount's data, whichever form it takes. */
export function mountDataBytes(data: WorkerMountFile['data']): number {
  return 'byteLength' in data ? data.byteLength : data.size;
}

export interface RunRequest {
  code: string;
  /** Enforced by the page-side client: interrupt at the limit, terminate after a short grace. */
  timeoutMs?: number;
}

/** The worker's API, exposed with comlink. */
export interface KernelApi {
  init(options: InitOptions, onProgress: (progress: KernelProgress) => void): Promise<InitInfo>;
  mountFiles(files: WorkerMountFile[]): Promise<MountedFile[]>;
  run(request: RunRequest, onStream: (chunk: StreamChunk) => void, onProgress: (progress: KernelProgress) => void): Promise<RunResult>;
  /**
   * Loads packages in the background (pandas, numpy, matplotlib while the analyst types), off the first question's
   * critical path; a run that arrives meanwhile waits for it, with the package progress as its own.
   */
  prefetch(packages: string[], onProgress: (progress: KernelProgress) => void): Promise<PrefetchOutcome>;
  /** Clears every variable (and open figures); mounted files stay. */
  reset(): Promise<void>;
}
