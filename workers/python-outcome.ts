/**
 * What the kernel's Python half answers the worker (workers/python/kernel_runner.py `check_code` and `run_cell`, JSON
 * text), checked where it crosses from Python into TypeScript. An answer that does not fit is a bug in one half or
 * the other: it becomes a PythonContractError naming the field, never a half-read object passed on.
 *
 * zod/mini, not zod: it adds about 15 KB to the worker where zod's full build would add about 450 KB. The check is
 * shallow where the bulk is (table cells, JSON results, chart specs, figure bytes): the worker only passes those on,
 * and the page checks every one of them against the run's caps (kernel-schema.ts, lib/kernel/kernel-rpc.ts), so
 * walking a large result here as well would double its cost on every run for nothing.
 */
import * as z from 'zod/mini';
import { RESULT_KINDS, RUN_STATUSES } from './kernel-constants';
import type { ResultValue, RunError, RunResult } from './kernel-protocol';

// The worker's CSP has no 'unsafe-eval' either: without this, zod would probe `new Function` (see kernel-schema.ts).
z.config({ jitless: true });

const runErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  line: z.nullable(z.number()),
  traceback: z.string(),
  rule: z.optional(z.string()),
  hint: z.optional(z.string()),
});

const KINDS: readonly string[] = RESULT_KINDS;

/** Only the kind is checked here; the page checks the value itself against the caps (see above). */
const resultValueSchema = z.custom<ResultValue>(
  (value) => typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string' && KINDS.includes(value.kind),
  { error: `not a result value (an object whose kind is one of ${RESULT_KINDS.join(', ')})` },
);

/** `check_code`: the packages and dataset variables the code needs, or why it is refused (a policy rule, a SyntaxError). */
const checkOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), imports: z.array(z.string()), packages: z.array(z.string()), datasets: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: runErrorSchema }),
]);
type PythonCheck = z.infer<typeof checkOutcomeSchema>;

/**
 * `run_cell`: a RunResult without what the worker adds (packagesLoaded, timings), plus the time the code ran.
 * (Python also sends its own `validateMs`, which is dropped: the worker times validation itself, with `check_code`.)
 */
const runOutcomeSchema = z.object({
  status: z.enum(RUN_STATUSES),
  stdout: z.string(),
  stderr: z.string(),
  stdoutTruncated: z.boolean(),
  stderrTruncated: z.boolean(),
  figures: z.array(z.object({ pngBase64: z.string(), width: z.number(), height: z.number() })),
  figuresDropped: z.number(),
  result: z.nullable(resultValueSchema),
  error: z.nullable(runErrorSchema),
  executeMs: z.number(),
});
type RunOutcome = Omit<RunResult, 'timings' | 'packagesLoaded'> & { executeMs: number };

/** The Python half answered outside its contract. */
export class PythonContractError extends Error {
  constructor({ call, detail }: { call: 'check_code' | 'run_cell'; detail: string }) {
    super(
      `The kernel's Python half answered ${call} with something outside its contract (${detail}). This is a bug in the kernel, not in the code that was run.`,
    );
    this.name = 'PythonContractError';
  }
}

/** One line per problem: zod/mini carries no message texts, so they are written from the issue. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the answer';
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${issue.expected}`;
    case 'invalid_value':
      return `${where}: expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_union':
      return `${where}: matches none of the shapes it may take`;
    case 'custom':
      return `${where}: ${issue.message}`;
    default:
      return `${where}: ${issue.code}`;
  }
}

function parseAnswer<T>({ call, text, schema }: { call: 'check_code' | 'run_cell'; text: string; schema: z.ZodMiniType<T> }): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PythonContractError({ call, detail: `not JSON: ${JSON.stringify(text.slice(0, 80))}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PythonContractError({ call, detail: parsed.error.issues.slice(0, 3).map(describeIssue).join('; ') });
  return parsed.data;
}

export function parseCheckOutcome(text: string): PythonCheck {
  return parseAnswer({ call: 'check_code', text, schema: checkOutcomeSchema });
}

export function parseRunOutcome(text: string): RunOutcome {
  return parseAnswer({ call: 'run_cell', text, schema: runOutcomeSchema });
}

// The page's schemas (kernel-schema.ts) and these describe the same shapes: a field added to one side only would be
// dropped here without a word, so it fails to compile instead.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorsAgree: Same<z.infer<typeof runErrorSchema>, RunError> = true;
const outcomesAgree: Same<z.infer<typeof runOutcomeSchema>, RunOutcome> = true;
void errorsAgree;
void outcomesAgree;
