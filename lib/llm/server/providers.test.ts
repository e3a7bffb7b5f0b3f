import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateText, Output } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { envSchema, getEnv, resetEnvCache } from '@/lib/core/server/env';
import { generatedCodeSchema } from '../../ask/contracts';
import { LlmError } from './llm-errors';
import { createProvider } from './providers';
import { loadScriptFile, matchScriptRule } from './script-file';

function env(values: Record<string, string>) {
  return envSchema.parse(values);
}

function scriptFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ai-script-')), 'script.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe('createProvider', () => {
  it('is the offline planner, saying so, when nothing is configured', () => {
    expect(createProvider({ env: env({}) })).toMatchObject({
      kind: 'offline',
      info: { kind: 'offline', label: 'Offline planner — no API key set' },
    });
  });

  it('treats an empty key as unset', () => {
    expect(createProvider({ env: env({ GOOGLE_GENERATIVE_AI_API_KEY: '' }) }).kind).toBe('offline');
  });

  it('uses Gemini with the default Flash model when a key is set', () => {
    const provider = createProvider({ env: env({ GOOGLE_GENERATIVE_AI_API_KEY: 'test-key' }) });
    expect(provider).toMatchObject({ kind: 'llm', info: { kind: 'gemini', model: 'gemini-3.8-flash' } });
    if (provider.kind !== 'llm') throw new Error('expected an LLM provider');
    const model = provider.modelFor({ task: 'generate', question: 'q' });
    expect(typeof model === 'object' && model.modelId).toBe('gemini-3.8-flash');
  });

  it('honours AI_MODEL', () => {
    expect(createProvider({ env: env({ GOOGLE_GENERATIVE_AI_API_KEY: 'k', AI_MODEL: 'gemini-2.5-flash' }) }).info.model).toBe('gemini-2.5-flash');
  });

  it('prefers an OpenAI-compatible endpoint over a Gemini key', () => {
    const provider = createProvider({
      env: env({ GOOGLE_GENERATIVE_AI_API_KEY: 'k', OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_COMPATIBLE_MODEL: 'qwen2.5-coder:7b' }),
    });
    expect(provider.info).toEqual({ kind: 'openai-compatible', model: 'qwen2.5-coder:7b', label: 'qwen2.5-coder:7b at 127.0.0.1:11434' });
  });

  it('can be forced offline', () => {
    expect(createProvider({ env: env({ AI_PROVIDER: 'offline', GOOGLE_GENERATIVE_AI_API_KEY: 'k' }) }).info.kind).toBe('offline');
  });

  it('refuses incomplete configurations with the knob to fix', () => {
    process.env = { ...saved, AI_PROVIDER: 'scripted' };
    delete process.env.AI_SCRIPT_FILE;
    resetEnvCache();
    expect(() => getEnv()).toThrow(/AI_SCRIPT_FILE is required/);
    process.env = { ...saved, OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1' };
    delete process.env.OPENAI_COMPATIBLE_MODEL;
    resetEnvCache();
    expect(() => getEnv()).toThrow(/OPENAI_COMPATIBLE_MODEL is required/);
  });

  it('documents the LLM knobs with their defaults', () => {
    expect(env({})).toMatchObject({ MAX_REPAIR_ATTEMPTS: 3, LLM_TIMEOUT_MS: 60_000, LLM_MAX_RETRIES: 2, LLM_RATE_LIMIT_PER_MINUTE: 30, AI_PROVIDER: 'auto' });
  });
});

describe('the scripted provider (AI_SCRIPT_FILE)', () => {
  const rules = {
    rules: [
      { when: 'generate', match: 'revenue', respond: { plan: 'Revenue', code: 'result = df1["Revenue"].sum()', expects: { figures: 0, table: false } } },
      { when: 'generate', respond: { plan: 'Fallback', code: 'result = len(df1)', expects: { figures: 0, table: false } } },
      { when: 'repair', errorMatch: 'KeyError', attempt: 2, respond: { plan: 'p', code: 'second', expects: { figures: 0, table: false }, change: 'c' } },
      { when: 'repair', match: 'KeyError', respond: { plan: 'p', code: 'first', expects: { figures: 0, table: false }, change: 'c' } },
      { when: 'answer', respond: 'Revenue is **42**.', delayMs: 5 },
    ],
  };

  it('serves the first matching rule through the real SDK path', async () => {
    const provider = createProvider({ env: env({ AI_PROVIDER: 'scripted', AI_SCRIPT_FILE: scriptFile(rules) }) });
    expect(provider.info).toMatchObject({ kind: 'scripted' });
    if (provider.kind !== 'llm') throw new Error('expected an LLM provider');
    const { output } = await generateText({
      model: provider.modelFor({ task: 'generate', question: 'Total REVENUE?' }),
      output: Output.object({ schema: generatedCodeSchema }),
      prompt: 'x',
    });
    expect(output.plan).toBe('Revenue');
    const { text } = await generateText({ model: provider.modelFor({ task: 'answer', question: 'anything' }), prompt: 'x' });
    expect(text).toBe('Revenue is **42**.');
  });

  it('matches repair rules on the error and the attempt number', () => {
    const loaded = loadScriptFile({ path: scriptFile(rules) });
    const respond = (attempt: number, lastError: string) =>
      (matchScriptRule({ rules: loaded, call: { task: 'repair', question: 'Total?', lastError, attempt } }).respond as { code: string }).code;
    expect(respond(1, "KeyError: 'x'")).toBe('first');
    expect(respond(2, "KeyError: 'x'")).toBe('second');
    expect(() => respond(1, 'TypeError: nope')).toThrow(/no rule for repair/);
  });

  it('explains an invalid script file', () => {
    expect(() => loadScriptFile({ path: scriptFile('{nope') })).toThrow(/not JSON/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'generate' }] }) })).toThrow(/needs `respond` or `fail`/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'guess', respond: 'x' }] }) })).toThrow(/rules.0.when/);
    expect(() => loadScriptFile({ path: scriptFile({ rules: [{ when: 'answer', match: '(', respond: 'x' }] }) })).toThrow(/regular expression/);
    expect(() => loadScriptFile({ path: '/nonexistent/script.json' })).toThrow(LlmError);
  });
});
