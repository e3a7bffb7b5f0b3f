/**
 * What the page accepts from the kernel, and the one definition of those shapes: the types the worker, the page and
 * the saved records use (RunResult, ResultValue, KernelProgress, …) are inferred from these schemas, and
 * kernel-protocol.ts re-exports them. The kernel runs in an opaque-origin frame and is assumed escaped: every message
 * it sends is untrusted data until it passes one of these schemas, with size caps derived from the run's
 * KernelLimits. A message that does not fit is dropped and the run is reported as `crashed` (lib/kernel/kernel-rpc.ts).
 * Pure zod, no worker code: the page imports it as a value. The worker itself does not (zod's full build would
 * multiply its size); it checks what its Python half returns with workers/python-outcome.ts.
 */
import { z } from 'zod';
import { isBoundedJson, VEGA_LITE_MIMES, type JsonNode, type JsonObject } from '@/lib/kernel/vega-spec';
import { RUN_STATUSES, type KernelLimits, type RESULT_KINDS } from './kernel-constants';
import { firstIssueText } from '@/lib/text/schema-issue';
import { fitText } from '@/lib/text/cut-text';

// Room for the visible "…cut" markers the Python half appends to truncated text.
const MARKER_SLACK = 200;

// The page's CSP has no 'unsafe-eval': zod's JIT would probe `new Function` once, which a strict CSP reports as a
// violation even though zod catches it. Validation speed without the JIT is plenty for a message per run.
z.config({ jitless: true });
/** Characters of an error message and of a trimmed traceback. */
export const MAX_ERROR_MESSAGE_CHARS = 20_000;
const MAX_TRACEBACK_CHARS = 50_000;
/** Base64 characters of one PNG figure (about 6 MB of PNG: far above what 4 Mpx of chart compress to). */
const MAX_FIGURE_BASE64_CHARS = 8_000_000;
/** Leading index columns a table may carry beyond maxTableColumns (a MultiIndex has a few levels). */
const MAX_INDEX_COLUMNS = 8;
const SHORT = 500;

const shortText = z.string().max(SHORT);
const finite = z.number().refine(Number.isFinite, 'not a finite number');
const count = z.number().int().nonnegative();
const ms = finite.nonnegative();

/** Why a run ended (kernel-constants.ts RUN_STATUSES). */
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Start-up and package-loading progress, shown as the kernel status bar. */
export const progressSchema = z.union([
  z.object({ phase: z.literal('boot'), message: shortText, step: count, steps: count }),
  z.object({
    phase: z.literal('package'),
    message: shortText,
    packageName: shortText,
    index: count,
    total: count,
    state: z.enum(['loading', 'loaded']),
  }),
]);
export type KernelProgress = z.infer<typeof progressSchema>;

/** A chunk of output streamed to the page while the code runs (batched, at most every ~50 ms). */
export function streamChunkSchema(limits: KernelLimits) {
  return z.object({ stream: z.enum(['stdout', 'stderr']), text: z.string().max(limits.maxStreamChars + MARKER_SLACK) });
}
export type StreamChunk = z.infer<ReturnType<typeof streamChunkSchema>>;

/** The boot-time probe of the package mirror (workers/package-source.ts). */
const packageSourceStatusSchema = z.object({
  reachable: z.boolean(),
  /** The mirror's base URL (PYODIDE_PACKAGES_URL). */
  url: z.string().max(2000),
  /** Why it is unreachable, for the operator ('' when reachable). */
  detail: z.string().max(2000),
});
export type PackageSourceStatus = z.infer<typeof packageSourceStatusSchema>;

export const initInfoSchema = z.object({
  pyodideVersion: shortText,
  pythonVersion: shortText,
  bootMs: ms,
  /** Whether runs can be interrupted through the shared buffer (false: Stop terminates the worker). */
  interruptible: z.boolean(),
  /**
   * The worker's own check of its isolation after lockdown, measured inside the worker (absent outside a browser
   * worker): whether the Function constructor is refused by its CSP, and which globals it removed.
   */
  sandbox: z.object({ evalBlocked: z.boolean(), removedGlobals: z.array(shortText).max(64) }).optional(),
  /** Whether the package mirror answered at boot (absent where it was not asked, e.g. in tests that do not care). */
  packageSource: packageSourceStatusSchema.optional(),
  /**
   * How the interpreter calls C functions (workers/call-trampoline.ts): 'wasm' where the engine has wasm-gc (Chromium,
   * Firefox), 'javascript' otherwise (a JS call per C call, slower); 'unknown' when the kernel could not read it.
   */
  callTrampoline: z.enum(['wasm', 'javascript', 'unknown']).optional(),
  /**
   * How a mounted File/Blob is read (workers/blob-read-protocol.ts): 'frame' — the kernel's frame reads it into a
   * SharedArrayBuffer the worker waits on, so memory stays flat; 'workerfs' — the worker reads it itself (no
   * SharedArrayBuffer), and each piece's buffer waits for V8's external-memory limit to be freed.
   */
  fileReads: z.enum(['frame', 'workerfs']).optional(),
});
export type InitInfo = z.infer<typeof initInfoSchema>;

/** What a background prefetch loaded, or why it stopped. */
export const prefetchOutcomeSchema = z.object({ loaded: z.array(shortText).max(200), error: z.string().max(MAX_ERROR_MESSAGE_CHARS).nullable() });
export type PrefetchOutcome = z.infer<typeof prefetchOutcomeSchema>;

const mountedFileSchema = z.object({
  name: shortText,
  path: shortText,
  bytes: count,
  /** The variable the file is bound to, if any. */
  variable: z.string().max(64).optional(),
});
export type MountedFile = z.infer<typeof mountedFileSchema>;

/** The answer to a mount of `sent` files: one entry per file at most. */
export function mountedFilesSchema(sent: number) {
  return z.array(mountedFileSchema).max(sent);
}

function cellSchema(limits: KernelLimits) {
  return z.union([z.string().max(limits.maxCellChars + MARKER_SLACK), finite, z.boolean(), z.null()]);
}
export type CellValue = z.infer<ReturnType<typeof cellSchema>>;

/** Plain JSON. Recursive, so declared (lib/kernel/vega-spec.ts) rather than inferred; jsonSchema is checked against it. */
export type JsonValue = JsonNode;

function jsonSchema(limits: KernelLimits): z.ZodType<JsonValue> {
  const text = z.string().max(limits.maxReprChars + MARKER_SLACK);
  const value: z.ZodType<JsonValue> = z.lazy(() =>
    z.union([text, finite, z.boolean(), z.null(), z.array(value).max(limits.maxReprChars), z.record(text, value)]),
  );
  // Each piece fits, and so must the whole: the Python half cut its JSON at maxReprChars.
  return value.refine((json) => JSON.stringify(json).length <= limits.maxReprChars * 2 + MARKER_SLACK, 'the JSON result is larger than its cap');
}

/** A Vega-Lite spec: plain JSON within 2 MB. Whether it may be drawn is decided when it is drawn (lib/kernel/vega-spec.ts). */
export const chartSpecSchema = z.custom<JsonObject>(
  (value) => value !== null && typeof value === 'object' && !Array.isArray(value) && isBoundedJson(value),
  'the chart spec is not plain JSON within 2 MB',
);

/**
 * The `result` value, one object per kind (RESULT_KINDS), separately so a saved record can add to one of them
 * (lib/share/save-input.ts adds the chart's PNG).
 */
export function resultValueBranches(limits: KernelLimits) {
  const columns = limits.maxTableColumns + MAX_INDEX_COLUMNS;
  const reprText = z.string().max(limits.maxReprChars + MARKER_SLACK);
  const cell = cellSchema(limits);
  return {
    table: z.object({
      kind: z.literal('table'),
      /** 'dataframe' or 'series'; a non-default index is included as leading column(s). */
      source: z.enum(['dataframe', 'series']),
      columns: z.array(z.string().max(limits.maxCellChars + MARKER_SLACK)).max(columns),
      dtypes: z.array(shortText).max(columns),
      rows: z.array(z.array(cell).max(columns)).max(limits.maxTableRows),
      totalRows: count,
      totalColumns: count,
      truncated: z.boolean(),
    }),
    scalar: z.object({ kind: z.literal('scalar'), value: cell, pyType: shortText, truncated: z.boolean() }),
    json: z.object({ kind: z.literal('json'), value: jsonSchema(limits), truncated: z.boolean() }),
    repr: z.object({ kind: z.literal('repr'), text: reprText, pyType: shortText, truncated: z.boolean() }),
    /**
     * A Vega-Lite chart (an Altair chart, or any object whose IPython mime bundle carries one): its spec as plain JSON
     * of at most 2 MB (workers/python/kernel_chart.py). Only the shape is checked here: a spec the chart gate refuses
     * still arrives, so the page can say why it is not drawn instead of failing the whole run.
     */
    chart: z.object({ kind: z.literal('chart'), mime: z.enum(VEGA_LITE_MIMES), spec: chartSpecSchema }),
  } satisfies Record<(typeof RESULT_KINDS)[number], z.ZodType>;
}

export function resultValueSchema(limits: KernelLimits) {
  const { table, scalar, json, repr, chart } = resultValueBranches(limits);
  return z.discriminatedUnion('kind', [table, scalar, json, repr, chart]);
}
export type ResultValue = z.infer<ReturnType<typeof resultValueSchema>>;

function figureSchema(limits: KernelLimits) {
  return (
    z
      .strictObject({
        /** Base64 PNG (no data: prefix). */
        pngBase64: z
          .string()
          .max(MAX_FIGURE_BASE64_CHARS)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
        width: count.max(100_000),
        height: count.max(100_000),
      })
      // Lowering the dpi rounds each side up by at most a pixel or two.
      .refine((figure) => figure.width * figure.height <= limits.maxFigurePixels * 1.05 + 10_000, 'the figure has more pixels than allowed')
  );
}

export const runErrorSchema = z.strictObject({
  /** Python exception type (e.g. KeyError), or PolicyViolation / Timeout / Interrupted / KernelCrashed / PackageLoadError. */
  type: shortText,
  message: z.string().max(MAX_ERROR_MESSAGE_CHARS),
  /** 1-based line in the user's code the error points at, when known. */
  line: count.nullable(),
  /** Traceback trimmed to the user's own frames. */
  traceback: z.string().max(MAX_TRACEBACK_CHARS),
  /** For policy refusals: the rule that refused (e.g. 'import', 'call', 'dunder', 'open'). */
  rule: shortText.optional(),
  /** What to do instead (e.g. the allowed imports). */
  hint: z.string().max(MAX_ERROR_MESSAGE_CHARS).optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

const runTimingsSchema = z.object({ validateMs: ms, loadPackagesMs: ms, executeMs: ms, totalMs: ms });

/**
 * One run's outcome. Building it costs far more than parsing a small result with it, so callers build it once and
 * reuse it (lib/kernel/kernel-rpc.ts: once per kernel).
 */
export function runResultSchema(limits: KernelLimits) {
  const streamText = z.string().max(limits.maxStreamChars + MARKER_SLACK);
  return z.object({
    status: runStatusSchema,
    stdout: streamText,
    stderr: streamText,
    stdoutTruncated: z.boolean(),
    stderrTruncated: z.boolean(),
    /** At most maxFigures; later ones are counted in `figuresDropped`. */
    figures: z.array(figureSchema(limits)).max(limits.maxFigures),
    figuresDropped: count,
    result: resultValueSchema(limits).nullable(),
    error: runErrorSchema.nullable(),
    timings: runTimingsSchema,
    /** Pyodide packages loaded for this run (on demand, from its imports). */
    packagesLoaded: z.array(shortText).max(200),
  });
}
export type RunResult = z.infer<ReturnType<typeof runResultSchema>>;

/** The first problem zod found, as one line for the analyst ("result.rows: Too big…"). */
export function describeSchemaError(error: z.ZodError): string {
  return fitText(firstIssueText(error, 'it does not match the contract'), SHORT);
}
