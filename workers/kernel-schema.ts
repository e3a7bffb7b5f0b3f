/**
 * What the page accepts from the kernel. The kernel runs in an opaque-origin frame and is assumed escaped: every
 * message it sends is untrusted data until it passes one of these schemas, with size caps derived from the run's
 * KernelLimits. A message that does not fit is dropped and the run is reported as `crashed` (lib/kernel/kernel-rpc.ts).
 * Pure zod, no worker code: the page imports it as a value.
 */
import { z } from 'zod';
import { isBoundedJson, VEGA_LITE_MIMES } from '@/lib/kernel/vega-spec';
import type { CellValue, InitInfo, JsonValue, KernelLimits, KernelProgress, MountedFile, PrefetchOutcome, RunResult, StreamChunk } from './kernel-protocol';

// Room for the visible "…cut" markers the Python half appends to truncated text.
const MARKER_SLACK = 200;

// The page's CSP has no 'unsafe-eval': zod's JIT would probe `new Function` once, which a strict CSP reports as a
// violation even though zod catches it. Validation speed without the JIT is plenty for a message per run.
z.config({ jitless: true });
/** Characters of an error message and of a trimmed traceback. */
export const MAX_ERROR_MESSAGE_CHARS = 20_000;
export const MAX_TRACEBACK_CHARS = 50_000;
/** Base64 characters of one PNG figure (about 6 MB of PNG: far above what 4 Mpx of chart compress to). */
export const MAX_FIGURE_BASE64_CHARS = 8_000_000;
/** Leading index columns a table may carry beyond maxTableColumns (a MultiIndex has a few levels). */
const MAX_INDEX_COLUMNS = 8;
const SHORT = 500;

const shortText = z.string().max(SHORT);
const finite = z.number().refine(Number.isFinite, 'not a finite number');
const count = z.number().int().nonnegative();
const ms = finite.nonnegative();

export function progressSchema(): z.ZodType<KernelProgress> {
  return z.union([
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
}

export function streamChunkSchema(limits: KernelLimits): z.ZodType<StreamChunk> {
  return z.object({ stream: z.enum(['stdout', 'stderr']), text: z.string().max(limits.maxStreamChars + MARKER_SLACK) });
}

export function initInfoSchema(): z.ZodType<InitInfo> {
  return z.object({
    pyodideVersion: shortText,
    pythonVersion: shortText,
    bootMs: ms,
    interruptible: z.boolean(),
    sandbox: z.object({ evalBlocked: z.boolean(), removedGlobals: z.array(shortText).max(64) }).optional(),
    packageSource: z.object({ reachable: z.boolean(), url: z.string().max(2000), detail: z.string().max(2000) }).optional(),
    callTrampoline: z.enum(['wasm', 'javascript', 'unknown']).optional(),
  });
}

export function prefetchOutcomeSchema(): z.ZodType<PrefetchOutcome> {
  return z.object({ loaded: z.array(shortText).max(200), error: z.string().max(MAX_ERROR_MESSAGE_CHARS).nullable() });
}

export function mountedFilesSchema(sent: number): z.ZodType<MountedFile[]> {
  return z
    .array(z.object({ name: shortText, path: shortText, bytes: count, variable: z.string().max(64).optional() }))
    .max(sent);
}

function cellSchema(limits: KernelLimits): z.ZodType<CellValue> {
  return z.union([z.string().max(limits.maxCellChars + MARKER_SLACK), finite, z.boolean(), z.null()]);
}

function jsonSchema(limits: KernelLimits): z.ZodType<JsonValue> {
  const text = z.string().max(limits.maxReprChars + MARKER_SLACK);
  const value: z.ZodType<JsonValue> = z.lazy(() =>
    z.union([text, finite, z.boolean(), z.null(), z.array(value).max(limits.maxReprChars), z.record(text, value)]),
  );
  // Each piece fits, and so must the whole: the Python half cut its JSON at maxReprChars.
  return value.refine((json) => JSON.stringify(json).length <= limits.maxReprChars * 2 + MARKER_SLACK, 'the JSON result is larger than its cap');
}

function resultValueSchema(limits: KernelLimits) {
  const columns = limits.maxTableColumns + MAX_INDEX_COLUMNS;
  const reprText = z.string().max(limits.maxReprChars + MARKER_SLACK);
  return z.union([
    z.object({
      kind: z.literal('table'),
      source: z.enum(['dataframe', 'series']),
      columns: z.array(z.string().max(limits.maxCellChars + MARKER_SLACK)).max(columns),
      dtypes: z.array(shortText).max(columns),
      rows: z.array(z.array(cellSchema(limits)).max(columns)).max(limits.maxTableRows),
      totalRows: count,
      totalColumns: count,
      truncated: z.boolean(),
    }),
    z.object({ kind: z.literal('scalar'), value: cellSchema(limits), pyType: shortText, truncated: z.boolean() }),
    z.object({ kind: z.literal('json'), value: jsonSchema(limits), truncated: z.boolean() }),
    z.object({ kind: z.literal('repr'), text: reprText, pyType: shortText, truncated: z.boolean() }),
    // Only the shape is checked here (plain JSON, ≤ 2 MB): a spec the chart gate refuses still arrives, so the page
    // can say why it is not drawn instead of failing the whole run.
    z.object({ kind: z.literal('chart'), mime: z.enum(VEGA_LITE_MIMES), spec: chartSpecSchema }),
  ]);
}

const chartSpecSchema = z.custom<{ [key: string]: JsonValue }>(
  (value) => value !== null && typeof value === 'object' && !Array.isArray(value) && isBoundedJson(value),
  'the chart spec is not plain JSON within 2 MB',
);

function figureSchema(limits: KernelLimits) {
  return z
    .strictObject({
      pngBase64: z.string().max(MAX_FIGURE_BASE64_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
      width: count.max(100_000),
      height: count.max(100_000),
    })
    // Lowering the dpi rounds each side up by at most a pixel or two.
    .refine((figure) => figure.width * figure.height <= limits.maxFigurePixels * 1.05 + 10_000, 'the figure has more pixels than allowed');
}

export function runResultSchema(limits: KernelLimits): z.ZodType<RunResult> {
  const streamText = z.string().max(limits.maxStreamChars + MARKER_SLACK);
  return z.object({
    status: z.enum(['ok', 'python', 'policy', 'timeout', 'interrupted', 'crashed', 'load']),
    stdout: streamText,
    stderr: streamText,
    stdoutTruncated: z.boolean(),
    stderrTruncated: z.boolean(),
    figures: z.array(figureSchema(limits)).max(limits.maxFigures),
    figuresDropped: count,
    result: resultValueSchema(limits).nullable(),
    error: z
      .strictObject({
        type: shortText,
        message: z.string().max(MAX_ERROR_MESSAGE_CHARS),
        line: count.nullable(),
        traceback: z.string().max(MAX_TRACEBACK_CHARS),
        rule: shortText.optional(),
        hint: z.string().max(MAX_ERROR_MESSAGE_CHARS).optional(),
      })
      .nullable(),
    timings: z.object({ validateMs: ms, loadPackagesMs: ms, executeMs: ms, totalMs: ms }),
    packagesLoaded: z.array(shortText).max(200),
  });
}

/** The first problem zod found, as one line for the analyst ("result.rows: Too big…"). */
export function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not match the contract';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`.slice(0, SHORT);
}
