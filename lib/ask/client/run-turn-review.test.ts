/** The reviewer inside a turn: its verdict and costs recorded; a failed review request never costs the answer. */
import { describe, expect, it } from 'vitest';
import type { AskEvent, AskRequest } from '@/lib/ask/contracts';
import type { ReviewRequest, ReviewResponse } from '@/lib/answer/review-contract';
import { runTurn, type RunTurnDeps } from './run-turn';
import { createTurn, type TurnState } from '../turn-state';
import { csvBrief, okRun } from '../test-support/turn-fixture';

const brief = csvBrief({ id: 'dataset-aaaa1111', variable: 'df1', name: 'crime.csv', rows: 50, columns: [{ name: 'murder', type: 'number' }] });
const request: AskRequest = { question: 'average murder', datasetIds: [brief.id], pinnedIds: [], history: [] };
const ok = okRun({
  stdout: 'mean 7.4\n',
  result: { kind: 'scalar', value: 7.4, pyType: 'float', truncated: false },
  timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 1, totalMs: 1 },
});
const events: AskEvent[] = [
  { type: 'provider', provider: { kind: 'scripted', model: 'm', label: 'Scripted' } },
  { type: 'context', datasets: [brief] },
  {
    type: 'plan',
    plan: 'mean',
    code: "result = df1['murder'].mean()",
    expects: { figures: 0, table: false },
    metrics: { llmCalls: 1, inputTokens: 10, outputTokens: 5, generationMs: 1 },
  },
];

function deps(review: RunTurnDeps['review']): { value: RunTurnDeps; seen: ReviewRequest[] } {
  const seen: ReviewRequest[] = [];
  return {
    seen,
    value: {
      streamEvents: async function* () {
        yield* events;
      },
      prepareData: async () => [],
      runCode: async () => ok,
      stopRun: () => {},
      classify: () => {
        throw new Error('unused');
      },
      fixLocally: () => null,
      streamAnswer: async ({ onDelta }) => {
        onDelta('The average is 7.4.');
        return { provider: 'scripted' };
      },
      ...(review
        ? {
            review: async (args: Parameters<NonNullable<RunTurnDeps['review']>>[0]) => {
              seen.push(args.request);
              return review(args);
            },
          }
        : {}),
      maxRepairAttempts: 3,
      now: () => 0,
    },
  };
}

const run = (d: RunTurnDeps): Promise<TurnState> =>
  runTurn({ turn: createTurn({ id: 't', question: request.question }), request, deps: d, signal: new AbortController().signal, onChange: () => {} });

describe('the reviewer in a turn', () => {
  it("records a disagreement and adds the reviewer's calls and tokens to the turn's metrics", async () => {
    const response: ReviewResponse = {
      review: { status: 'reviewed', model: 'cheap', verdict: { verdict: 'partly', reasons: ['No units.'], mismatch: 'Units are missing.' } },
      cost: { llmCalls: 1, inputTokens: 300, outputTokens: 40 },
    };
    const d = deps(async () => response);
    const turn = await run(d.value);
    expect(turn.phase).toBe('done');
    expect(turn.review).toEqual(response.review);
    // generation (1) + answer (1) + review (1)
    expect(turn.metrics).toMatchObject({ llmCalls: 3, inputTokens: 310, outputTokens: 45 });
    expect(d.seen[0]).toMatchObject({ question: 'average murder', code: "result = df1['murder'].mean()", outputs: expect.stringContaining('result: 7.4') });
  });

  it('no reviewer configured: nothing recorded, nothing spent', async () => {
    const turn = await run(deps(async () => ({ review: null, cost: { llmCalls: 0, inputTokens: 0, outputTokens: 0 } })).value);
    expect(turn.review).toBeUndefined();
    expect(turn.metrics.llmCalls).toBe(2);
  });

  it('a review request that fails leaves the answer, marked unreviewed with the reason', async () => {
    const turn = await run(
      deps(async () => {
        throw new Error('The server answered 502 Bad Gateway.');
      }).value,
    );
    expect(turn.phase).toBe('done');
    expect(turn.answer).toBe('The average is 7.4.');
    expect(turn.review).toMatchObject({ status: 'unreviewed', reason: expect.stringContaining('502') });
  });

  it('without a review dependency the turn is as before', async () => {
    const turn = await run(deps(undefined).value);
    expect(turn.review).toBeUndefined();
    expect(turn.phase).toBe('done');
  });
});

it("records the reviewer's analysis plan (guidance) streamed before the code", async () => {
  const d = deps(undefined);
  const guidance = { status: 'planned' as const, model: 'cheap', steps: ['Describe murder.', 'Chart it.'] };
  d.value.streamEvents = async function* () {
    yield events[0]!;
    yield { type: 'guidance', guidance };
    yield* events.slice(1);
  };
  const turn = await run(d.value);
  expect(turn.guidance).toEqual(guidance);
  expect(turn.phase).toBe('done');
});
