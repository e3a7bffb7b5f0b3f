import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The route asks who the caller is (lib/access/server/caller.ts), which reads next/headers' request scope.
const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);
// The reviewer REVIEW_MODEL names answers from the script file this test writes (the app itself has no test model;
// lib/llm/testing/script-file-provider.ts); no REVIEW_MODEL, no reviewer, as in the app (./review-provider.ts).
const script = vi.hoisted(() => ({ path: '' }));
vi.mock('@/lib/answer/server/review-provider', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/answer/server/review-provider')>();
  const { getEnv } = await import('@/lib/core/server/env');
  const { scriptFileProvider } = await import('@/lib/llm/testing/script-file-provider');
  const scripted = (model: string) => scriptFileProvider({ path: script.path, info: { kind: 'scripted', model, label: `Scripted reviewer (${model})` } });
  return {
    ...actual,
    getReviewer: () => {
      const wanted = getEnv().REVIEW_MODEL;
      return wanted ? scripted(wanted) : null;
    },
  };
});

import { POST as reviewPost } from '@/app/api/review/route';
import { resetEnvCache } from '@/lib/core/server/env';
import { installPeerAddressHeader, PEER_HEADER } from '@/lib/access/server/peer-address';
import { resetStorageCache } from '@/lib/storage/server';
import { reviewResponseSchema, type ReviewRequest } from '@/lib/answer/review-contract';

/** /api/review as Next calls it, with the real wiring but the reviewer: the environment's REVIEW_MODEL, scripted. */

const saved = { ...process.env };
let dataDir = '';
let ip = 0;
const body: ReviewRequest = {
  question: 'Which 5 states have the highest murder rate?',
  code: 'result = t.head(10)',
  outputs: 'result table (10 rows)',
  failedChecks: [],
};

function configure(extra: Record<string, string>): void {
  process.env = { ...saved, STORAGE: 'local', DATA_DIR: dataDir, LLM_RATE_LIMIT_PER_MINUTE: '1000', ...extra };
  resetEnvCache();
  resetStorageCache();
}

async function review(payload: unknown): Promise<Response> {
  const request = new Request('http://app.test/api/review', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PEER_HEADER]: `192.0.2.${++ip}` },
    body: JSON.stringify(payload),
  });
  return reviewPost(request);
}

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'review-route-'));
  script.path = path.join(dir, 'script.json');
  dataDir = path.join(dir, 'data');
  writeFileSync(
    script.path,
    JSON.stringify({
      rules: [
        { when: 'review', match: 'murder', respond: { verdict: 'not', reasons: ['head(10)'], mismatch: 'Asked for 5, got 10.' } },
        { when: 'review', match: 'slow', fail: 'hang' },
      ],
    }),
  );
});
beforeEach(() => installPeerAddressHeader());
afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetStorageCache();
});

describe('/api/review', () => {
  it("answers with the reviewer's verdict and its cost when REVIEW_MODEL is set", async () => {
    configure({ REVIEW_MODEL: 'cheap-reviewer' });
    const response = await review(body);
    expect(response.status).toBe(200);
    const parsed = reviewResponseSchema.parse(await response.json());
    expect(parsed.review).toEqual({
      status: 'reviewed',
      model: 'cheap-reviewer',
      verdict: { verdict: 'not', reasons: ['head(10)'], mismatch: 'Asked for 5, got 10.' },
    });
    expect(parsed.cost.llmCalls).toBe(1);
  });

  it('a reviewer past REVIEW_TIMEOUT_MS: 200 with "unreviewed", so the page keeps its answer', async () => {
    configure({ REVIEW_MODEL: 'cheap-reviewer', REVIEW_TIMEOUT_MS: '1000' });
    const response = await review({ ...body, question: 'a slow question' });
    expect(response.status).toBe(200);
    expect(reviewResponseSchema.parse(await response.json()).review).toMatchObject({ status: 'unreviewed', reason: expect.stringContaining('within 1 s') });
  });

  it('no REVIEW_MODEL: review null, no call', async () => {
    configure({});
    const parsed = reviewResponseSchema.parse(await (await review(body)).json());
    expect(parsed).toEqual({ review: null, cost: { llmCalls: 0, inputTokens: 0, outputTokens: 0 } });
  });

  it('refuses a body that is not a review request', async () => {
    configure({ REVIEW_MODEL: 'cheap-reviewer' });
    const response = await review({ question: '', code: 1 });
    expect(response.status).toBe(400);
  });
});
