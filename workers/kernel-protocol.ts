/**
 * The kernel contract: the only types shared by the worker (workers/kernel.worker.ts), the Python half
 * (workers/python, which produces the JSON shapes below) and the page (lib/kernel). The page imports this file with
 * `import type` only, so no worker code ends up in the page bundle. Everything here is plain, structured-clonable
 * data: no proxies, class instances or functions cross postMessage except the progress/stream callbacks, which are
 * comlink proxies.
 */

/** Why a run ended. `interrupted` is a Stop pressed by the user; `timeout` is the run's own time limit. */
export type RunStatus = 'ok' | 'python' | 'policy' | 'timeout' | 'interrupted' | 'crashed' | 'load';

export interface KernelLimits {
  /** Characters kept of stdout and of stderr each; the rest is cut with a visible marker. Default 100_000. */
  maxStreamChars: number;
  /** Figures captured per run; later ones are counted in `figuresDropped`. Default 10. */
  maxFigures: number;
  /** Pixels (width × height) per figure; larger figures are saved at a lower dpi. Default 4_000_000. */
  maxFigurePixels: number;
  /** Rows of a DataFrame/Series result sent to the page. Default 200. */
  maxTableRows: number;
  /** Columns of a DataFrame result sent to the page. Default 50. */
  maxTableColumns: number;
  /** Characters of one table cell or scalar string. Default 500. */
  maxCellChars: number;
  /** Characters of a repr or of serialised JSON for dict/list results. Default 20_000. */
  maxReprChars: number;
}

export const DEFAULT_KERNEL_LIMITS: KernelLimits = {
  maxStreamChars: 100_000,
  maxFigures: 10,
  maxFigurePixels: 4_000_000,
  maxTableRows: 200,
  maxTableColumns: 50,
  maxCellChars: 500,
  maxReprChars: 20_000,
};

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
}

/** Start-up and package-loading progress, shown as the kernel status bar. */
export type KernelProgress =
  | { phase: 'boot'; message: string; step: number; steps: number }
  | { phase: 'package'; message: string; packageName: string; index: number; total: number; state: 'loading' | 'loaded' };

export interface InitInfo {
  pyodideVersion: string;
  pythonVersion: string;
  bootMs: number;
  /** Whether runs can be interrupted through the shared buffer (false: Stop terminates the worker). */
  interruptible: boolean;
  /**
   * The worker's own check of its isolation after lockdown, measured inside the worker (absent outside a browser
   * worker): whether the Function constructor is refused by its CSP, and which globals it removed.
   */
  sandbox?: { evalBlocked: boolean; removedGlobals: string[] };
  /** Whether the package mirror answered at boot (absent where it was not asked, e.g. in tests that do not care). */
  packageSource?: PackageSourceStatus;
  /**
   * How the interpreter calls C functions (workers/call-trampoline.ts): 'wasm' where the engine has wasm-gc (Chromium,
   * Firefox), 'javascript' otherwise (a JS call per C call, slower); 'unknown' when the kernel could not read it.
   */
  callTrampoline?: 'wasm' | 'javascript' | 'unknown';
}

/** The boot-time probe of the package mirror (workers/package-source.ts). */
export interface PackageSourceStatus {
  reachable: boolean;
  /** The mirror's base URL (PYODIDE_PACKAGES_URL). */
  url: string;
  /** Why it is unreachable, for the operator ('' when reachable). */
  detail: string;
}

/** What a background prefetch loaded, or why it stopped. */
export interface PrefetchOutcome {
  loaded: string[];
  error: string | null;
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

/** Bytes of a mount's data, whichever form it takes. */
export function mountDataBytes(data: MountFile['data']): number {
  return data instanceof Blob ? data.size : data.byteLength;
}

export interface MountedFile {
  name: string;
  path: string;
  bytes: number;
  /** The variable the file is bound to, if any. */
  variable?: string;
}

export interface RunRequest {
  code: string;
  /** Enforced by the page-side client: interrupt at the limit, terminate after a short grace. */
  timeoutMs?: number;
}

/** A chunk of output streamed to the page while the code runs (batched, at most every ~50 ms). */
export interface StreamChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export type CellValue = string | number | boolean | null;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ResultValue =
  | {
      kind: 'table';
      /** 'dataframe' or 'series'; a non-default index is included as leading column(s). */
      source: 'dataframe' | 'series';
      columns: string[];
      dtypes: string[];
      rows: CellValue[][];
      totalRows: number;
      totalColumns: number;
      truncated: boolean;
    }
  | { kind: 'scalar'; value: CellValue; pyType: string; truncated: boolean }
  | { kind: 'json'; value: JsonValue; truncated: boolean }
  | { kind: 'repr'; text: string; pyType: string; truncated: boolean }
  | {
      /**
       * A Vega-Lite chart (an Altair chart, or any object whose IPython mime bundle carries one): its spec as plain
       * JSON of at most 2 MB (workers/python/kernel_chart.py). Drawn only after lib/kernel/vega-spec.ts accepts it.
       */
      kind: 'chart';
      mime: 'application/vnd.vegalite.v6+json' | 'application/vnd.vegalite.v5+json';
      spec: { [key: string]: JsonValue };
    };

export interface Figure {
  /** Base64 PNG (no data: prefix). */
  pngBase64: string;
  width: number;
  height: number;
}

export interface RunError {
  /** Python exception type (e.g. KeyError), or PolicyViolation / Timeout / Interrupted / KernelCrashed / PackageLoadError. */
  type: string;
  message: string;
  /** 1-based line in the user's code the error points at, when known. */
  line: number | null;
  /** Traceback trimmed to the user's own frames. */
  traceback: string;
  /** For policy refusals: the rule that refused (e.g. 'import', 'call', 'dunder', 'open'). */
  rule?: string;
  /** What to do instead (e.g. the allowed imports). */
  hint?: string;
}

export interface RunTimings {
  validateMs: number;
  loadPackagesMs: number;
  executeMs: number;
  totalMs: number;
}

export interface RunResult {
  status: RunStatus;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  figures: Figure[];
  figuresDropped: number;
  result: ResultValue | null;
  error: RunError | null;
  timings: RunTimings;
  /** Pyodide packages loaded for this run (on demand, from its imports). */
  packagesLoaded: string[];
}

/** The worker's API, exposed with comlink. */
export interface KernelApi {
  init(options: InitOptions, onProgress: (progress: KernelProgress) => void): Promise<InitInfo>;
  mountFiles(files: MountFile[]): Promise<MountedFile[]>;
  run(request: RunRequest, onStream: (chunk: StreamChunk) => void, onProgress: (progress: KernelProgress) => void): Promise<RunResult>;
  /**
   * Loads packages in the background (pandas, numpy, matplotlib while the analyst types), off the first question's
   * critical path; a run that arrives meanwhile waits for it, with the package progress as its own.
   */
  prefetch(packages: string[], onProgress: (progress: KernelProgress) => void): Promise<PrefetchOutcome>;
  /** Clears every variable (and open figures); mounted files stay. */
  reset(): Promise<void>;
}
