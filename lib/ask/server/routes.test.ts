import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The caller (next/headers) and the model (a script file): lib/ask/test-support/ask-mocks.ts.
const hoisted = vi.hoisted(async () => (await import('@/lib/ask/test-support/ask-mocks')).createAskMocks());
vi.mock('next/headers', async () => (await hoisted).nextHeaders.module);
vi.mock('@/lib/llm/server/providers', async (importOriginal) => (await hoisted).providersModule(importOriginal));

import { PEER_HEADER } from '@/lib/access/server/peer-address';
import { POST as answerPost } from '@/app/api/answer/route';
import {
  actAsOwner,
  ASK_SCRIPT_RULES,
  configureAskEnv,
  createAskDataDir,
  nextPeerAddress,
  writeAskDatasets,
  writeScript,
} from '@/lib/ask/test-support/ask-world';

const mocks = await hoisted;

/**
 * The answer route called as Next calls it (a Request in, a Response out), with the real wiring: environment, local
 * storage holding the dataset records, and the scripted provider reading a script file. Selecting files and writing or
 * repairing code are server actions now: lib/ask/actions.test.ts.
 */

beforeAll(async () => {
  await configureAskEnv({ STORAGE: 'local', DATA_DIR: createAskDataDir({ mocks, prefix: 'ask-routes-' }), LLM_RATE_LIMIT_PER_MINUTE: '1000' });
  await writeAskDatasets();
});

beforeEach(() => {
  actAsOwner({ mocks });
  writeScript({ mocks, rules: ASK_SCRIPT_RULES });
});

afterAll(async () => {
  await configureAskEnv();
});

function post(url: string, body: unknown, init: { signal?: AbortSignal; ip?: string } = {}): Request {
  return new Request(`http://app.test${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PEER_HEADER]: init.ip ?? nextPeerAddress() },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

describe('POST /api/answer', () => {
  // The ask and repair actions' cap: app/proxy-body-cap.test.ts (the proxy) and lib/ask/actions.test.ts (the action).
  it('stops reading a 100 MB chunked body at the 1 MB cap with 413', async () => {
    for (const [route, handler] of [['/api/answer', answerPost]] as const) {
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 100 * 1024 * 1024) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      // No Content-Length: the cap must hold while streaming, not only for a declared length.
      const request = new Request(`http://app.test${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PEER_HEADER]: '192.0.2.250' },
        body,
        duplex: 'half',
      } as RequestInit);
      const response = await handler(request);
      expect(response.status, route).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('refused unread');
      expect(pulled, route).toBeLessThan(2 * 1024 * 1024);
    }
  });

  const answerBody = { question: 'Total revenue?', code: 'result = 42', outputs: 'result: 42 (int)', figures: 0, status: 'ok' };

  it('streams markdown with the provider kind in a header', async () => {
    const response = await answerPost(post('/api/answer', answerBody));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(response.headers.get('x-llm-provider')).toBe('scripted');
    expect(await response.text()).toBe('Revenue totals **42** (the result table).');
  });

  it('answers a failure to start with a JSON error and a status', async () => {
    await configureAskEnv({ ...process.env, LLM_MAX_RETRIES: '0' } as Record<string, string>);
    try {
      const response = await answerPost(post('/api/answer', { ...answerBody, question: 'quota please' }));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'llm_quota', retryable: true } });
    } finally {
      await configureAskEnv({ ...process.env, LLM_MAX_RETRIES: '2' } as Record<string, string>);
    }
  });

  it('writes the deterministic offline summary when no LLM is configured', async () => {
    const before = { ...process.env } as Record<string, string>;
    await configureAskEnv({ ...before, AI_PROVIDER: 'offline' });
    try {
      const response = await answerPost(post('/api/answer', answerBody));
      expect(response.headers.get('x-llm-provider')).toBe('offline');
      const text = await response.text();
      expect(text).toMatch(/^_Offline summary/);
      expect(text).toContain('42');
    } finally {
      await configureAskEnv(before);
    }
  });
});
