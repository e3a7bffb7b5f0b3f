import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MODEL_TASKS, type ModelCallContext } from '@/lib/llm/model-call';

/**
 * Scripted model responses for tests, in one place for both scripted models: the OpenAI-compatible test server the
 * Playwright suite and the bench run the app against (e2e/support/llm-server/), and the AI SDK mock the unit tests use
 * (./scripted-model.ts). A script file (e2e/fixtures/ask-script.json):
 *
 * {
 *   "rules": [
 *     { "when": "generate", "match": "revenue", "respond": { "plan": "…", "code": "…", "expects": { "figures": 1, "table": true } } },
 *     { "when": "repair", "errorMatch": "KeyError", "attempt": 1, "respond": { "plan": "…", "code": "…", "expects": { … }, "change": "…" } },
 *     { "when": "answer", "respond": "**Revenue** grew 12.3% …", "chunkDelayMs": 20 },
 *     { "when": "select", "respond": { "datasets": [{ "id": "@sales.csv", "reason": "…" }] } },
 *     { "when": "review", "match": "top 5", "respond": { "verdict": "not", "reasons": ["…"], "mismatch": "…" } },
 *     { "when": "generate", "match": "slow", "fail": "hang" }
 *   ]
 * }
 *
 * Every call takes the first rule (in file order) whose conditions all hold; what a call is (task, question, error…)
 * is read from the prompt the model receives (./prompt-call.ts). The file is read on every call, so a test may rewrite
 * it between cases. In a `select` response, a string "@<display name>" (e.g. "@sales.csv", case-insensitive) stands
 * for the id of the catalog dataset with that name, since upload ids are random; in `generate` and `repair` responses,
 * `{{path:<display name or df1>}}` stands for that dataset's /data path in the kernel.
 */

const scriptedFailureSchema = z
  .enum(['quota', 'overloaded', 'network', 'refusal', 'hang'])
  .describe(
    'Instead of responding: quota = HTTP 429, overloaded = HTTP 503, network = the connection is dropped, ' +
      'refusal = the response ends with the content-filter finish reason, hang = never answers (until the call times out or is cancelled).',
  );

/** The fields of one scripted response (also the response part of a script-file rule). */
const scriptedResponseFields = {
  /** An object is sent as its JSON text; a string is sent verbatim (so "not json" or "" test malformed output). */
  respond: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  fail: scriptedFailureSchema.optional(),
  /** Wait before the first chunk. Default 0. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Wait between streamed chunks. Default 0. */
  chunkDelayMs: z.number().int().min(0).max(10_000).optional(),
  /** Characters per streamed chunk. Default 40. */
  chunkChars: z.number().int().min(1).max(100_000).optional(),
};

export const scriptedResponseSchema = z
  .object(scriptedResponseFields)
  .refine((value) => value.respond !== undefined || value.fail !== undefined, 'a response needs `respond` or `fail`');
export type ScriptedResponse = z.infer<typeof scriptedResponseSchema>;

const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const scriptRuleSchema = z
  .object({
    when: z.enum(MODEL_TASKS),
    /**
     * Case-insensitive regex tested on the question. For `repair` rules it is also tested on the last error
     * ("KeyError: 'revenue'"); either matching is enough. Absent: always matches.
     */
    match: regexSource.optional(),
    /** `repair` only: case-insensitive regex tested on the last error ("Type: message") alone. */
    errorMatch: regexSource.optional(),
    /** `repair` only: which repair this is, 1 for the first (= the number of failed attempts sent). */
    attempt: z.number().int().min(1).optional(),
    ...scriptedResponseFields,
  })
  .strict()
  .refine((rule) => rule.respond !== undefined || rule.fail !== undefined, 'a rule needs `respond` or `fail`');
export type ScriptRule = z.infer<typeof scriptRuleSchema>;

const scriptFileSchema = z.object({ rules: z.array(scriptRuleSchema) }).strict();

/** A model call as a script sees it: the pipeline's context plus what the prompt names (./prompt-call.ts). */
export interface ScriptCallContext extends ModelCallContext {
  /** select: the candidates, so a script can name a dataset as "@<display name>" (ids are random at upload). */
  catalog?: { id: string; name: string }[];
  /**
   * generate/repair: the datasets the code runs against, so scripted code can say `{{path:<display name or df1>}}`
   * for the file's /data path (mount names carry part of the random id, and standard-library e2e code reads files
   * directly).
   */
  files?: { name: string; variable: string; path: string }[];
}

/** A script that cannot be read, or has no rule for a call: the test is wrong, not the model. */
export class ScriptFileError extends Error {
  constructor(message: string) {
    super(`Scripted model: ${message}`);
    this.name = 'ScriptFileError';
  }
}

export function loadScriptFile({ path }: { path: string }): ScriptRule[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScriptFileError(`cannot read the script file ${path} (${error instanceof Error ? error.message : String(error)}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ScriptFileError(`the script file ${path} is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = scriptFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ScriptFileError(`the script file ${path} is invalid: ${problems}`);
  }
  return parsed.data.rules;
}

export function matchScriptRule({ rules, call }: { rules: ScriptRule[]; call: ScriptCallContext }): ScriptedResponse {
  const test = (source: string | undefined, text: string) => source === undefined || new RegExp(source, 'i').test(text);
  const rule = rules.find((candidate) => {
    if (candidate.when !== call.task) return false;
    if (call.task === 'repair') {
      const error = call.lastError ?? '';
      if (candidate.match !== undefined && !test(candidate.match, call.question) && !test(candidate.match, error)) return false;
      if (!test(candidate.errorMatch, error)) return false;
      if (candidate.attempt !== undefined && candidate.attempt !== call.attempt) return false;
      return true;
    }
    return test(candidate.match, call.question);
  });
  if (!rule) {
    throw new ScriptFileError(
      `no rule for ${call.task} of ${JSON.stringify(call.question.slice(0, 120))}` +
        (call.lastError ? ` after ${JSON.stringify(call.lastError.slice(0, 120))}` : '') +
        '. Add a rule to the script file.',
    );
  }
  const { when: _when, match: _match, errorMatch: _errorMatch, attempt: _attempt, ...response } = rule;
  if (call.task === 'select' && call.catalog && response.respond !== undefined && typeof response.respond !== 'string') {
    return { ...response, respond: resolveNames({ value: response.respond, catalog: call.catalog }) as Record<string, unknown> };
  }
  if (call.files && response.respond !== undefined) {
    return { ...response, respond: resolvePaths({ value: response.respond, files: call.files }) as ScriptedResponse['respond'] };
  }
  return response;
}

/** The text a response sends: an object as its JSON, a string verbatim. */
export function responseText(response: ScriptedResponse): string {
  if (response.respond === undefined) return '';
  return typeof response.respond === 'string' ? response.respond : JSON.stringify(response.respond);
}

/**
 * The pieces a streamed response sends, `chunkChars` characters each (default 40). A refusal streams nothing: the
 * stream ends with the content-filter finish reason (a non-streamed refusal still carries `respond`, if any).
 */
export function responseChunks(response: ScriptedResponse): string[] {
  const text = response.fail === 'refusal' ? '' : responseText(response);
  const size = response.chunkChars ?? 40;
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first (the caller gave up). */
export function scriptedWait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // The listener goes when the timer fires: a streamed response waits once per chunk on the same signal.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `fail: "hang"`: never settles until the signal aborts (a deadline or Cancel on the caller's side). */
export function scriptedHang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError')), { once: true });
  });
}

/** The token count scripted models report: characters / 4, rounded up (what the bench's token figures measure). */
export function scriptedTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Replaces `{{path:<display name or variable>}}` inside strings by that dataset's /data path (unknown names stay as written). */
function resolvePaths({ value, files }: { value: unknown; files: NonNullable<ScriptCallContext['files']> }): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{path:([^}]+)\}\}/g, (whole, wanted: string) => {
      const key = wanted.toLowerCase();
      return files.find((file) => file.name.toLowerCase() === key || file.variable === key)?.path ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolvePaths({ value: item, files }));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolvePaths({ value: item, files })]));
  }
  return value;
}

/** Replaces "@<display name>" strings by the id of the dataset with that name (unknown names stay as written). */
function resolveNames({ value, catalog }: { value: unknown; catalog: { id: string; name: string }[] }): unknown {
  if (typeof value === 'string' && value.startsWith('@')) {
    const wanted = value.slice(1).toLowerCase();
    return catalog.find((entry) => entry.name.toLowerCase() === wanted)?.id ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveNames({ value: item, catalog }));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveNames({ value: item, catalog })]));
  }
  return value;
}
