import { describe, expect, it, vi } from 'vitest';
import { envSchema } from '@/lib/core/server/env';
import { createReviewer } from './review-provider';

const env = (values: Record<string, string>) => envSchema.parse(values);

describe('createReviewer (REVIEW_MODEL)', () => {
  it('is off without REVIEW_MODEL, and with the offline planner', () => {
    expect(createReviewer({ env: env({ GOOGLE_GENERATIVE_AI_API_KEY: 'k' }) })).toBeNull();
    expect(createReviewer({ env: env({ REVIEW_MODEL: 'x', AI_PROVIDER: 'offline', GOOGLE_GENERATIVE_AI_API_KEY: 'k' }) })).toBeNull();
  });
  it('is a model on the configured provider, or on the one its prefix names', () => {
    expect(createReviewer({ env: env({ REVIEW_MODEL: 'gemini-lite', GOOGLE_GENERATIVE_AI_API_KEY: 'k' }) })?.info).toMatchObject({
      kind: 'gemini',
      model: 'gemini-lite',
    });
    const local = env({
      REVIEW_MODEL: 'qwen:7b',
      OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_COMPATIBLE_MODEL: 'big',
      GOOGLE_GENERATIVE_AI_API_KEY: 'k',
    });
    expect(createReviewer({ env: local })?.info).toMatchObject({ kind: 'openai-compatible', model: 'qwen:7b' });
    expect(createReviewer({ env: { ...local, REVIEW_MODEL: 'gemini:gemini-lite' } })?.info).toMatchObject({ kind: 'gemini', model: 'gemini-lite' });
  });
  it('is off, with a warning, when the named provider has no key or endpoint', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(createReviewer({ env: env({ REVIEW_MODEL: 'openai-compatible:qwen', GOOGLE_GENERATIVE_AI_API_KEY: 'k' }) })).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('OPENAI_COMPATIBLE_BASE_URL is not set'));
    warn.mockRestore();
  });
});
