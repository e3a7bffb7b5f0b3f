import { z } from 'zod';
import type { ModelTask } from '@/lib/llm/model-call';
import { ScriptFileError, type ScriptCallContext } from './script-file';

/**
 * What a scripted model needs to pick its rule, read from the request a model receives — the app's real prompts
 * (lib/ask/server/prompts.ts and guide-analysis.ts, lib/answer/server/review-answer.ts, lib/files/dataset-briefs.ts)
 * and the structured-output schema — exactly as the OpenAI-compatible test server gets them over HTTP. Nothing
 * test-only rides along in the app's calls.
 *
 * - the task: from the JSON schema's fields (a text call, without one, is the answer);
 * - the question: the first paragraph after the prompt's "Question: " line ("Request: " for guide), so a preset's
 *   task text or a plan that follows it is not part of it;
 * - repair: the error ("Type: message") and the attempt number from the <attempts> block of the attempt to repair;
 * - select: the catalog's ids and names; generate/repair: each <dataset> block's variable, name and /data path.
 * Tests (./prompt-call.test.ts) build these prompts with the app's own functions, so a change of format fails there.
 */

/** The messages of one call, as plain text. */
export interface PromptText {
  system: string;
  user: string;
  /** Every message's text, joined by newlines: what the scripted models count tokens of. */
  all: string;
}

/** One call's messages (role and text, in order) as the PromptText a script reads. */
export function promptText(messages: { role: string; text: string }[]): PromptText {
  const of = (role: string) =>
    messages
      .filter((message) => message.role === role)
      .map((message) => message.text)
      .join('\n');
  return { system: of('system'), user: of('user'), all: messages.map((message) => message.text).join('\n') };
}

/** The field of each structured output that no other task's output has (generatedCodeSchema, repairedCodeSchema…). */
const TASK_BY_FIELD: ReadonlyArray<readonly [string, ModelTask]> = [
  ['change', 'repair'],
  ['code', 'generate'],
  ['datasets', 'select'],
  ['verdict', 'review'],
  ['steps', 'guide'],
];

const jsonSchemaFields = z.object({ properties: z.record(z.string(), z.unknown()) });

export function taskOfSchema(jsonSchema: unknown): ModelTask {
  if (jsonSchema === undefined) return 'answer';
  const parsed = jsonSchemaFields.safeParse(jsonSchema);
  const fields = parsed.success ? Object.keys(parsed.data.properties) : [];
  const found = TASK_BY_FIELD.find(([field]) => fields.includes(field));
  if (!found) throw new ScriptFileError(`no task has a structured output with the fields ${JSON.stringify(fields)}.`);
  return found[1];
}

function questionOf({ user, task }: { user: string; task: ModelTask }): string {
  const label = task === 'guide' ? 'Request: ' : 'Question: ';
  const newline = user.startsWith(label) ? -1 : user.indexOf(`\n${label}`);
  if (newline === -1 && !user.startsWith(label)) throw new ScriptFileError(`the ${task} prompt has no "${label.trim()}" line.`);
  const from = newline + 1 + label.length;
  const end = user.indexOf('\n\n', from);
  return user.slice(from, end === -1 ? undefined : end);
}

/** The JSON between `opening` and the next line that is `closing` (the app's blocks escape `<`, so data cannot close them). */
function block({ text, opening, closing }: { text: string; opening: string; closing: string }): string | undefined {
  const at = text.indexOf(opening);
  if (at === -1) return undefined;
  const from = at + opening.length;
  const end = text.indexOf(closing, from);
  return end === -1 ? undefined : text.slice(from, end);
}

const attemptSchema = z.object({ attempt: z.number().int().min(1), error: z.object({ type: z.string(), message: z.string() }) });
const catalogEntrySchema = z.object({ id: z.string(), name: z.string() });
const datasetBlockSchema = z.object({ variable: z.string(), name: z.string(), path: z.string() });

function parsed<T>({ schema, json, what }: { schema: z.ZodType<T>; json: string; what: string }): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ScriptFileError(`the prompt's ${what} is not JSON.`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ScriptFileError(`the prompt's ${what} does not have the expected fields (${result.error.issues[0]?.message ?? 'invalid'}).`);
  return result.data;
}

function repairOf(user: string): Pick<ScriptCallContext, 'lastError' | 'attempt'> {
  const json = block({ text: user, opening: 'The attempt to repair:\n<attempts>\n', closing: '\n</attempts>' });
  if (json === undefined) throw new ScriptFileError('the repair prompt has no attempt to repair.');
  const failed = parsed({ schema: attemptSchema, json, what: 'attempt to repair' });
  return { lastError: `${failed.error.type}: ${failed.error.message}`, attempt: failed.attempt };
}

function catalogOf(user: string): NonNullable<ScriptCallContext['catalog']> {
  const json = block({ text: user, opening: '<catalog>\n', closing: '\n</catalog>' });
  if (json === undefined) throw new ScriptFileError('the select prompt has no catalog.');
  return json.split('\n').map((line) => parsed({ schema: catalogEntrySchema, json: line, what: 'catalog entry' }));
}

function filesOf(user: string): NonNullable<ScriptCallContext['files']> {
  return [...user.matchAll(/<dataset variable="[^"]*">\n(.*)\n<\/dataset>/g)].map((match) => {
    const dataset = parsed({ schema: datasetBlockSchema, json: match[1] ?? '', what: 'dataset block' });
    return { name: dataset.name, variable: dataset.variable, path: dataset.path };
  });
}

/** The call a script matches its rules against, from the prompt and the structured-output schema of the request. */
export function readScriptCall({ prompt, jsonSchema }: { prompt: PromptText; jsonSchema: unknown }): ScriptCallContext {
  const task = taskOfSchema(jsonSchema);
  const question = questionOf({ user: prompt.user, task });
  if (task === 'repair') return { task, question, ...repairOf(prompt.user), files: filesOf(prompt.user) };
  if (task === 'generate') return { task, question, files: filesOf(prompt.user) };
  if (task === 'select') return { task, question, catalog: catalogOf(prompt.user) };
  return { task, question };
}
