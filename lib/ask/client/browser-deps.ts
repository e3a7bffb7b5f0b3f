/**
 * The real dependencies of runTurn in the browser: the ask and repair server actions, the answer and review routes
 * over fetch, the kernel, the local error classification. Kept apart from the component so the flow itself
 * (run-turn.ts) stays testable with stubs.
 */
import { z } from 'zod';
import { askErrorSchema, type AskError } from '@/lib/ask/contracts';
import { classifyRunError, fixNearMissColumn } from '@/lib/ask/classify-error';
import { reviewResponseSchema } from '@/lib/answer/review-contract';
import { checkAnswer } from '@/lib/answer/answer-checks';
import type { UseKernelResult } from '@/lib/kernel/client/use-kernel';
import { ask, cancelAsk, repair } from '../actions';
import { streamActionEvents } from './action-events';
import type { RunTurnDeps } from './run-turn';

const errorBodySchema = z.object({ error: askErrorSchema });

async function errorFromResponse(response: Response): Promise<AskError> {
  try {
    const body = errorBodySchema.safeParse(await response.json());
    if (body.success) return body.data.error;
  } catch {
    /* not JSON: fall through */
  }
  return { code: 'llm_network', message: `The server answered ${response.status} ${response.statusText}.`, retryable: true };
}

export function createBrowserTurnDeps(args: {
  kernel: Pick<UseKernelResult, 'run' | 'stop'>;
  prepareData: RunTurnDeps['prepareData'];
  maxRepairAttempts: number;
}): RunTurnDeps {
  return {
    streamEvents: (step) =>
      step.step === 'ask'
        ? streamActionEvents({ call: ask, cancel: cancelAsk, request: step.body, signal: step.signal })
        : streamActionEvents({ call: repair, cancel: cancelAsk, request: step.body, signal: step.signal }),
    prepareData: args.prepareData,
    runCode: ({ code }) => args.kernel.run({ code }),
    stopRun: () => args.kernel.stop(),
    classify: classifyRunError,
    fixLocally: fixNearMissColumn,
    checkRun: ({ question, code, earlierCode, result, datasets }) => checkAnswer({ question, code, earlierCode, run: result, datasets }),
    async streamAnswer({ signal, onDelta, ...request }) {
      const response = await fetch('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal });
      if (!response.ok || !response.body) throw new Error((await errorFromResponse(response)).message);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        onDelta(decoder.decode(value, { stream: true }));
      }
      return { provider: response.headers.get('x-llm-provider') ?? 'unknown' };
    },
    async review({ request, signal }) {
      const response = await fetch('/api/review', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal });
      if (!response.ok) throw new Error((await errorFromResponse(response)).message);
      // The server's reply is checked like any other input before it reaches the turn (and the saved record).
      const parsed = reviewResponseSchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('the server sent a review the page does not understand.');
      return parsed.data;
    },
    maxRepairAttempts: args.maxRepairAttempts,
  };
}
