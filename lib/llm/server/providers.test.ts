import { afterEach, describe, expect, it } from 'vitest';
import { envSchema, getEnv, resetEnvCache } from '@/lib/core/server/env';
import { createProvider } from './providers';

function env(values: Record<string, string>) {
  return envSchema.parse(values);
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
    // The scripted test model is no provider of the app (the e2e suite scripts an OpenAI-compatible server instead).
    process.env = { ...saved, AI_PROVIDER: 'scripted' };
    resetEnvCache();
    expect(() => getEnv()).toThrow(/AI_PROVIDER/);
    process.env = { ...saved, OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1' };
    delete process.env.OPENAI_COMPATIBLE_MODEL;
    resetEnvCache();
    expect(() => getEnv()).toThrow(/OPENAI_COMPATIBLE_MODEL is required/);
  });

  it('documents the LLM knobs with their defaults', () => {
    expect(env({})).toMatchObject({ MAX_REPAIR_ATTEMPTS: 3, LLM_TIMEOUT_MS: 60_000, LLM_MAX_RETRIES: 2, LLM_RATE_LIMIT_PER_MINUTE: 30, AI_PROVIDER: 'auto' });
  });
});
