/**
 * A scripted model reads what a call is from the request alone (the e2e suite's server gets nothing else): here the
 * app's real pipeline makes every kind of call, and what ./prompt-call.ts reads from each prompt must equal the
 * context the pipeline passed to `modelFor` — plus the catalog and the files a script's `@name` and `{{path:…}}` use.
 */
import { describe, expect, it } from 'vitest';
import { runAsk, runRepair, type AskDeps } from '@/lib/ask/server/ask-pipeline';
import { buildDatasetBriefs } from '@/lib/files/dataset-briefs';
import type { LlmProvider } from '@/lib/llm/server/llm-call';
import { reviewAnswer } from '@/lib/answer/server/review-answer';
import { streamAnswer } from '@/lib/answer/server/stream-answer';
import type { ModelCallContext, ModelTask } from '@/lib/llm/model-call';
import { collector, datasetId, makeMeta, testSettings, unusedPlanner, VALID_CODE } from './fixtures';
import { readScriptCall, taskOfSchema } from './prompt-call';
import { ScriptFileError, type ScriptCallContext, type ScriptedResponse } from './script-file';
import { createScriptedModel } from './scripted-model';

const sales = makeMeta({ id: datasetId(1), displayName: 'Sales 2024.csv' });
const people = makeMeta({ id: datasetId(2), displayName: 'people.csv', columns: [{ name: 'Question: not a question', type: 'string' }] });
// Two lines, and words that also appear in the prompt's own sections.
const QUESTION = 'Explore: which Region sells most?\nQuestion: Remember the Task';
const HISTORY = [{ question: 'Question: earlier', code: 'print(1)', status: 'ok', outputSummary: 'Question: 1' }];

/** A provider that answers from `responses` and records, per call, the pipeline's context and what the prompt says. */
function recorder(responses: Partial<Record<ModelTask, ScriptedResponse>>) {
  const seen: { call: ModelCallContext; read: ScriptCallContext }[] = [];
  const provider: LlmProvider = {
    kind: 'llm',
    info: { kind: 'scripted', model: 'recorder', label: 'Recorder' },
    modelFor: (call) =>
      createScriptedModel({
        next: ({ prompt, jsonSchema }) => {
          seen.push({ call, read: readScriptCall({ prompt, jsonSchema }) });
          const response = responses[call.task];
          if (!response) throw new Error(`no response for ${call.task}`);
          return response;
        },
      }),
  };
  return { provider, seen };
}

const files = (metas: (typeof sales)[]) =>
  buildDatasetBriefs({ datasets: metas }).map((brief) => ({ name: brief.displayName, variable: brief.variable, path: `/data/${brief.fileName}` }));

describe('reading a call from its prompt', () => {
  it('select, guide and generate: task, question (without the preset text), catalog and files', async () => {
    const generator = recorder({
      select: {
        respond: {
          datasets: [
            { id: people.id, reason: 'r' },
            { id: sales.id, reason: 'r' },
          ],
        },
      },
      generate: { respond: VALID_CODE },
    });
    const reviewer = recorder({ guide: { respond: { steps: ['One.', 'Two.'] } } });
    const deps: AskDeps = {
      provider: generator.provider,
      settings: testSettings(),
      loadDatasets: async (ids) => [sales, people].filter((meta) => ids.includes(meta.id)),
      planOffline: unusedPlanner,
      chooseOffline: () => 0,
      reviewer: { provider: reviewer.provider, settings: testSettings() },
    };
    const events = collector();
    await runAsk({
      request: { question: QUESTION, datasetIds: [sales.id, people.id], pinnedIds: [], history: HISTORY, preset: { kind: 'explore' } },
      deps,
      signal: new AbortController().signal,
      emit: events.emit,
    });
    expect(events.ofType('plan')).toHaveLength(1);
    const calls = [...generator.seen, ...reviewer.seen];
    expect(calls.map((entry) => entry.call.task).sort()).toEqual(['generate', 'guide', 'select']);
    for (const { call, read } of calls) expect(read).toMatchObject(call);
    expect(generator.seen[0]?.read).toEqual({
      task: 'select',
      question: QUESTION,
      catalog: [
        { id: sales.id, name: 'Sales 2024.csv' },
        { id: people.id, name: 'people.csv' },
      ],
    });
    expect(generator.seen[1]?.read).toEqual({ task: 'generate', question: QUESTION, files: files([people, sales]) });
    expect(generator.seen[1]?.read.files?.[1]?.path).toBe(`/data/Sales_2024-${sales.id.slice(0, 8)}.csv`);
  });

  it('repair: the error and the attempt number of the attempt to repair, and the files', async () => {
    const { provider, seen } = recorder({ repair: { respond: { ...VALID_CODE, change: 'c' } } });
    const attempt = (code: string, type: string, message: string) => ({
      code,
      status: 'python',
      stdoutTail: '',
      error: { type, message, line: 1, traceback: `${type}: ${message}` },
    });
    await runRepair({
      request: {
        question: QUESTION,
        datasetIds: [sales.id],
        attempts: [
          attempt('result = 1/0', 'ZeroDivisionError', 'division by zero'),
          attempt('result = x', 'NameError', "name 'x' is not defined\n\nQuestion: no"),
        ],
        history: HISTORY,
      },
      deps: { provider, settings: testSettings(), loadDatasets: async () => [sales], planOffline: unusedPlanner, chooseOffline: () => 0 },
      signal: new AbortController().signal,
      emit: () => {},
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.read).toEqual({ ...seen[0]?.call, files: files([sales]) });
    expect(seen[0]?.read).toMatchObject({ task: 'repair', attempt: 2, lastError: "NameError: name 'x' is not defined\n\nQuestion: no" });
  });

  it('answer and review', async () => {
    const answering = recorder({ answer: { respond: 'Fine.' } });
    let text = '';
    const request = { question: QUESTION, code: 'print("Question: 2")', outputs: 'Question: 2', figures: 0, status: 'ok' };
    for await (const chunk of streamAnswer({ request, provider: answering.provider, settings: testSettings(), signal: new AbortController().signal }))
      text += chunk;
    expect(text).toBe('Fine.');
    expect(answering.seen[0]?.read).toEqual({ task: 'answer', question: QUESTION });

    const reviewing = recorder({ review: { respond: { verdict: 'answers', reasons: ['ok'], mismatch: '' } } });
    const { review } = await reviewAnswer({
      request: { ...request, failedChecks: ['Question: 3'] },
      reviewer: reviewing.provider,
      settings: testSettings(),
      signal: new AbortController().signal,
    });
    expect(review?.status).toBe('reviewed');
    expect(reviewing.seen[0]?.read).toEqual({ task: 'review', question: QUESTION });
  });

  it('says what it cannot read, as a script error', () => {
    expect(() => taskOfSchema({ properties: { other: {} } })).toThrow(ScriptFileError);
    expect(() => readScriptCall({ prompt: { system: 's', user: 'no question here', all: '' }, jsonSchema: undefined })).toThrow(/no "Question:" line/);
    const user = 'Question: q\n\nThe attempt to repair:\n<attempts>\n{"attempt": 1}\n</attempts>';
    expect(() => readScriptCall({ prompt: { system: '', user, all: '' }, jsonSchema: { properties: { code: {}, change: {} } } })).toThrow(/expected fields/);
  });
});
