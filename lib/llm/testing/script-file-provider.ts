import type { ProviderInfo } from '@/lib/ask/contracts';
import type { LlmProvider } from '@/lib/llm/server/llm-call';
import { readScriptCall } from './prompt-call';
import { loadScriptFile, matchScriptRule } from './script-file';
import { createScriptedModel } from './scripted-model';

/**
 * A provider answering from a script file, in-process (unit tests of the routes): every call re-reads the file and
 * takes the rule its prompt matches, as the e2e suite's OpenAI-compatible test server does over HTTP
 * (e2e/support/llm-server/). `info` is what the routes report as the provider.
 */
export function scriptFileProvider({
  path,
  info = { kind: 'scripted', model: 'scripted', label: 'Scripted test model (AI_SCRIPT_FILE)' },
}: {
  path: string;
  info?: ProviderInfo;
}): LlmProvider {
  return {
    kind: 'llm',
    info,
    modelFor: () =>
      createScriptedModel({
        modelId: info.model,
        next: ({ prompt, jsonSchema }) => matchScriptRule({ rules: loadScriptFile({ path }), call: readScriptCall({ prompt, jsonSchema }) }),
      }),
  };
}
