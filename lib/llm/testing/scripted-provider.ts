import type { ProviderInfo } from '@/lib/ask/contracts';
import type { AskProvider } from '@/lib/llm/server/providers';
import type { ModelCallContext, ModelTask } from '@/lib/llm/model-call';
import type { ScriptedResponse } from './script-file';
import { createScriptedModel } from './scripted-model';

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
      return createScriptedModel({
        next: ({ prompt }) => {
          calls.push({ call, system: prompt.system, user: prompt.user });
          return response;
        },
      });
    },
  };
  return { provider, calls, callsOf: (task) => calls.filter((entry) => entry.call.task === task) };
}
