import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LlmError } from './llm-errors';
import { scriptedResponseFields, type ScriptedResponse } from './scripted-model';

/**
 * The scripted provider's JSON file (AI_SCRIPT_FILE), for end-to-end tests:
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
 * Every call takes the first rule (in file order) whose conditions all hold. The file is read on every call, so a
 * test may rewrite it between cases. In a `select` response, a string "@<display name>" (e.g. "@sales.csv",
 * case-insensitive) stands for the id of the catalog dataset with that name, since upload ids are random.
 */

export const MODEL_TASKS = ['select', 'generate', 'repair', 'answer', 'review', 'guide'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

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

export const scriptFileSchema = z.object({ rules: z.array(scriptRuleSchema) }).strict();

export interface ModelCallContext {
  task: ModelTask;
  question: string;
  /** repair: the last failed attempt's error, "Type: message". */
  lastError?: string;
  /** repair: the number of failed attempts sent (1 for the first repair). */
  attempt?: number;
  /** select: the candidates, so a script can name a dataset as "@<display name>" (ids are random at upload). */
  catalog?: { id: string; name: string }[];
  /**
   * generate/repair: the datasets the code runs against, so scripted code can say `{{path:<display name or df1>}}`
   * for the file's /data path (mount names carry part of the random id, and standard-library e2e code reads files
   * directly).
   */
  files?: { name: string; variable: string; path: string }[];
}

function scriptError(message: string): LlmError {
  return new LlmError({ code: 'no_plan', message: `Scripted provider: ${message}`, retryable: false });
}

export function loadScriptFile({ path }: { path: string }): ScriptRule[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw scriptError(`cannot read AI_SCRIPT_FILE ${path} (${error instanceof Error ? error.message : String(error)}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw scriptError(`AI_SCRIPT_FILE ${path} is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = scriptFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw scriptError(`AI_SCRIPT_FILE ${path} is invalid: ${problems}`);
  }
  return parsed.data.rules;
}

export function matchScriptRule({ rules, call }: { rules: ScriptRule[]; call: ModelCallContext }): ScriptedResponse {
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
    throw scriptError(
      `no rule for ${call.task} of ${JSON.stringify(call.question.slice(0, 120))}` +
        (call.lastError ? ` after ${JSON.stringify(call.lastError.slice(0, 120))}` : '') +
        '. Add a rule to AI_SCRIPT_FILE.',
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

/** Replaces `{{path:<display name or variable>}}` inside strings by that dataset's /data path (unknown names stay as written). */
function resolvePaths({ value, files }: { value: unknown; files: NonNullable<ModelCallContext['files']> }): unknown {
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
