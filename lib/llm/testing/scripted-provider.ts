import type { ProviderInfo } from '../../ask/contracts';
import type { AskProvider } from '../server/providers';
import type { ModelCallContext, ModelTask } from '../server/script-file';
import { createScriptedModel, type ScriptedResponse } from '../server/scripted-model';

/**
 * A scripted provider for unit tests: per task, a queue of responses consumed one per model call (a call beyond
 * the queue fails the test loudly). Every call is recorded with the prompt the model actually received.
 */

export interface RecordedCall {
  call: ModelCallContext;
  /** The system instructions the model received. */
  system: string;
  /** The user message text. */
  user: string;
}

export function scriptedProvider(script: Partial<Record<ModelTask, ScriptedResponse[]>>): {
  provider: Extract<AskProvider, { kind: 'llm' }>;
  calls: RecordedCall[];
  callsOf: (task: ModelTask) => RecordedCall[];
} {
  const queues = new Map<ModelTask, ScriptedResponse[]>(Object.entries(script).map(([task, list]) => [task as ModelTask, [...(list ?? [])]]));
  const calls: RecordedCall[] = [];
  const info: ProviderInfo = { kind: 'scripted', model: 'unit-test', label: 'Scripted model' };
  const provider: Extract<AskProvider, { kind: 'llm' }> = {
    kind: 'llm',
    info,
    modelFor: (call) => {
      const response = queues.get(call.task)?.shift();
      if (!response) throw new Error(`unexpected ${call.task} call (the script has no response left for it)`);
      const model = createScriptedModel({ next: () => response });
      const record = (options: Parameters<typeof model.doStream>[0]) => {
        const system = options.prompt.filter((message) => message.role === 'system').map((message) => message.content as string).join('\n');
        const user = options.prompt
          .filter((message) => message.role === 'user')
          .flatMap((message) => (Array.isArray(message.content) ? message.content : []))
          .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
          .join('\n');
        calls.push({ call, system, user });
      };
      const { doStream, doGenerate } = model;
      model.doStream = async (options) => {
        record(options);
        return doStream.call(model, options);
      };
      model.doGenerate = async (options) => {
        record(options);
        return doGenerate.call(model, options);
      };
      return model;
    },
  };
  return { provider, calls, callsOf: (task) => calls.filter((entry) => entry.call.task === task) };
}
