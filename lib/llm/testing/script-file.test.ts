import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateText, Output } from 'ai';
import { describe, expect, it } from 'vitest';
import { generatedCodeSchema } from '@/lib/ask/contracts';
import { answerSystemPrompt, answerUserPrompt } from '@/lib/answer/server/answer-prompts';
import { generateSystemPrompt, generateUserPrompt } from '@/lib/ask/server/prompts';
import { loadScriptFile, matchScriptRule, ScriptFileError, type ScriptRule } from './script-file';
import { scriptFileProvider } from './script-file-provider';

function scriptFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ai-script-')), 'script.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const rules = {
  rules: [
    { when: 'generate', match: 'revenue', respond: { plan: 'Revenue', code: 'result = df1["Revenue"].sum()', expects: { figures: 0, table: false } } },
    { when: 'generate', respond: { plan: 'Fallback', code: 'result = len(df1)', expects: { figures: 0, table: false } } },
    { when: 'repair', errorMatch: 'KeyError', attempt: 2, respond: { plan: 'p', code: 'second', expects: { figures: 0, table: false }, change: 'c' } },
    { when: 'repair', match: 'KeyError', respond: { plan: 'p', code: 'first', expects: { figures: 0, table: false }, change: 'c' } },
    { when: 'answer', respond: 'Revenue is **42**.', delayMs: 5 },
  ],
};

describe('scripted rules', () => {
  it('fills {{path:<display name>}} with the dataset mount path for generate and repair', () => {
    const rules: ScriptRule[] = [
      {
        when: 'generate',
        respond: {
          plan: 'p',
          code: 'open("{{path:Sales.csv}}") and open("{{path:df1}}") and open("{{path:other.csv}}")',
          expects: { figures: 0, table: false },
        },
      },
    ];
    const response = matchScriptRule({
      rules,
      call: { task: 'generate', question: 'q', files: [{ name: 'sales.csv', variable: 'df1', path: '/data/sales-AbCd1234.csv' }] },
    });
    expect(response.respond).toMatchObject({ code: 'open("/data/sales-AbCd1234.csv") and open("/data/sales-AbCd1234.csv") and open("{{path:other.csv}}")' });
  });

  it('serve the first rule the prompt matches through the real SDK path (the unit tests’ script-file provider)', async () => {
    const provider = scriptFileProvider({ path: scriptFile(rules) });
    const model = provider.modelFor({ task: 'generate', question: 'unused: the prompt decides' });
    const generate = (question: string) =>
      generateText({
        model,
        output: Output.object({ schema: generatedCodeSchema }),
        instructions: generateSystemPrompt(),
        prompt: generateUserPrompt({ question, briefs: [], history: [] }),
      });
    expect((await generate('Total REVENUE?')).output.plan).toBe('Revenue');
    expect((await generate('How many rows?')).output.plan).toBe('Fallback');
    const request = { question: 'anything', code: 'x', outputs: 'o', figures: 0, status: 'ok' };
    const { text } = await generateText({ model, instructions: answerSystemPrompt(), prompt: answerUserPrompt({ request }) });
    expect(text).toBe('Revenue is **42**.');
  });

  it('match repair rules on the error and the attempt number', () => {
    const loaded = loadScriptFile({ path: scriptFile(rules) });
    const respond = (attempt: number, lastError: string) =>
      (matchScriptRule({ rules: loaded, call: { task: 'repair', question: 'Total?', lastError, attempt } }).respond as { code: string }).code;
    expect(respond(1, "KeyError: 'x'")).toBe('first');
    expect(respond(2, "KeyError: 'x'")).toBe('second');
    expect(() => respond(1, 'TypeError: nope')).toThrow(/no rule for repair/);
  });

  it('explain an invalid script file', () => {
    expect(() => loadScriptFile({ path: scriptFile('{nope') })).toThrow(/not JSON/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'generate' }] }) })).toThrow(/needs `respond` or `fail`/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'guess', respond: 'x' }] }) })).toThrow(/rules.0.when/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'answer', match: '(', respond: 'x' }] }) })).toThrow(/regular expression/);
    expect(() => loadScriptFile({ path: '/nonexistent/script.json' })).toThrow(ScriptFileError);
  });
});
