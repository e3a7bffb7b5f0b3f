/**
 * One question, end to end, in the browser: ask (select + generate, streamed) → fetch and mount the data → run →
 * on failure classify, fix locally or ask for a repair (capped) → stream the answer. Every dependency is injected so
 * the flow is tested without a server or a kernel; the page wires the real ones.
 */
import type { AskError, AskEvent, AskRequest, ClassifiedRunError, DatasetBrief, FailedAttempt, RepairRequest, TurnSummary } from '@/lib/ask/contracts';
import type { BoundDataset } from '@/lib/kernel/kernel-types';
import type { ReviewRequest, ReviewResponse } from '@/lib/answer/review-contract';
import { describeFailures, failedChecks, type CheckOutcome } from '@/lib/answer/check-report';
import { checkedQuestion } from '@/lib/answer/question-reading';
import type { RunResult } from '@/workers/kernel-protocol';
import { summarizeRun } from './summarize-run';
import { finalAttempt, type TurnAttempt, type TurnState } from '../turn-state';
import { fitText, shortText } from '@/lib/text/cut-text';

export type StreamEventsArgs = ({ step: 'ask'; body: AskRequest } | { step: 'repair'; body: RepairRequest }) & { signal: AbortSignal };

export interface RunTurnDeps {
  /** Calls the ask or repair action (lib/ask/actions.ts) and yields its events as they arrive; `signal` is Cancel. */
  streamEvents: (args: StreamEventsArgs) => AsyncIterable<AskEvent>;
  /**
   * Fetches the datasets and mounts them in the kernel as the briefs' variables (df1..dfN); resolves with what the
   * kernel client binds once they are (every variable, not only the briefs'), which the turn records.
   */
  prepareData: (args: {
    briefs: DatasetBrief[];
    signal: AbortSignal;
    onProgress: (progress: NonNullable<TurnState['fetchProgress']>) => void;
  }) => Promise<BoundDataset[]>;
  runCode: (args: { code: string }) => Promise<RunResult>;
  /** Stops a run in progress (Cancel during the run phase). */
  stopRun: () => void;
  classify: (args: { result: RunResult; datasets: DatasetBrief[] }) => ClassifiedRunError;
  fixLocally: (args: { code: string; classified: ClassifiedRunError; datasets: DatasetBrief[] }) => string | null;
  /**
   * The no-LLM answer checks (lib/answer/answer-checks.ts) of a clean run. A failed check sends the run back through
   * the repair loop once with the reason (only when an LLM can repair: not the offline planner); if it still fails,
   * the turn records which check failed. Absent: no checks.
   */
  checkRun?: (args: { question: string; code: string; earlierCode: string; result: RunResult; datasets: DatasetBrief[] }) => CheckOutcome[];
  /** Streams the answer's markdown; resolves with the provider kind that wrote it. */
  streamAnswer: (args: {
    question: string;
    code: string;
    outputs: string;
    figures: number;
    status: string;
    signal: AbortSignal;
    onDelta: (text: string) => void;
  }) => Promise<{ provider: string }>;
  /**
   * Asks the reviewer model (/api/review) about the final attempt, alongside the answer. Resolves with `review: null`
   * when none is configured; a failure of the request itself is recorded as "unreviewed". Absent: no review.
   */
  review?: (args: { request: ReviewRequest; signal: AbortSignal }) => Promise<ReviewResponse>;
  maxRepairAttempts: number;
  now?: () => number;
}

export interface RunTurnArgs {
  turn: TurnState;
  request: AskRequest;
  deps: RunTurnDeps;
  signal: AbortSignal;
  onChange: (turn: TurnState) => void;
}

class TurnFailed extends Error {
  constructor(readonly askError: AskError) {
    super(askError.message);
  }
}

export async function runTurn({ turn: initial, request, deps, signal, onChange }: RunTurnArgs): Promise<TurnState> {
  const now = deps.now ?? (() => performance.now());
  let turn = initial;
  const update = (patch: Partial<TurnState> | ((current: TurnState) => Partial<TurnState>)) => {
    turn = { ...turn, ...(typeof patch === 'function' ? patch(turn) : patch) };
    onChange(turn);
  };
  const addMetrics = (patch: Partial<TurnState['metrics']>) =>
    update((current) => ({
      metrics: Object.fromEntries(
        Object.entries(current.metrics).map(([key, value]) => [key, value + (patch[key as keyof typeof patch] ?? 0)]),
      ) as TurnState['metrics'],
    }));
  const onAbort = () => deps.stopRun();
  signal.addEventListener('abort', onAbort);

  try {
    // 1. Select + generate (one streamed request; selection is skipped server-side when there is nothing to choose).
    const generated = await consumePlan({ events: deps.streamEvents({ step: 'ask', body: request, signal }), update, addMetrics, signal });
    const briefs = turn.context ?? [];

    // 2. Data: fetched with progress and mounted (the page skips what is already mounted).
    update({ phase: 'fetching' });
    const fetchStarted = now();
    const bindings = await deps.prepareData({ briefs, signal, onProgress: (fetchProgress) => update({ fetchProgress }) });
    // What the code of this question runs against: saved with it, so re-runs and exports bind the same files.
    update({ bindings });
    addMetrics({ fetchMs: now() - fetchStarted });

    // 3. Run, and repair while it fails (capped); a clean run whose answer checks fail is repaired once.
    let attempt: TurnAttempt = { number: 1, code: generated.code };
    let checkRepaired = false;
    for (;;) {
      throwIfAborted(signal);
      update((current) => ({ phase: 'running', attempts: [...current.attempts, attempt] }));
      const runStarted = now();
      const result = await deps.runCode({ code: attempt.code });
      addMetrics({ runMs: now() - runStarted });
      if (signal.aborted) {
        // Keep what the cancelled run printed and how it ended, so the attempt does not stay "running…".
        replaceLastAttempt(update, { ...attempt, result });
        throwIfAborted(signal);
      }
      const classified = result.status === 'ok' ? undefined : deps.classify({ result, datasets: briefs });
      const checks =
        result.status === 'ok' && deps.checkRun
          ? deps.checkRun({
              question: checkedQuestion({ question: request.question, earlier: request.history.map((earlier) => earlier.question), datasets: briefs }),
              code: attempt.code,
              earlierCode: request.history.map((earlier) => earlier.code).join('\n'),
              result,
              datasets: briefs,
            })
          : undefined;
      attempt = { ...attempt, result, ...(classified ? { classified } : {}), ...(checks ? { checks } : {}) };
      replaceLastAttempt(update, attempt);
      if (result.status === 'ok') {
        const failed = (checks ?? []).filter((check) => check.status === 'fail');
        // Once only, and only where a model can rewrite the code: a check is a heuristic, not a verdict.
        const repairable = failed.length > 0 && !checkRepaired && turn.provider?.kind !== 'offline' && attempt.number <= deps.maxRepairAttempts;
        if (!repairable) break;
        checkRepaired = true;
      } else if (result.status === 'interrupted' || !classified) break;
      // A package that cannot be downloaded is not the code's fault: no rewrite can fix it, so do not spend a call.
      // The attempt above already shows the loader's message and the operator's hint: say it once, not again here.
      if (classified?.kind === 'package_load') {
        const name = /package "([^"]+)"/.exec(classified.error.message)?.[1];
        const what = name ? `the Python package "${name}"` : 'a Python package';
        throw new TurnFailed({
          code: 'no_plan',
          message: `This question needs ${what}, which cannot be downloaded in this browser, so no rewrite was attempted.`,
          retryable: true,
        });
      }
      if (classified && attempt.number > deps.maxRepairAttempts) {
        throw new TurnFailed({
          code: 'no_plan',
          message: `The code still failed after ${deps.maxRepairAttempts} repair attempt(s): ${classified.error.type}: ${classified.error.message}`,
          retryable: true,
        });
      }
      update({ phase: 'repairing' });
      addMetrics({ repairAttempts: 1 });
      const local = classified ? deps.fixLocally({ code: attempt.code, classified, datasets: briefs }) : null;
      if (local) {
        attempt = { number: attempt.number + 1, code: local, change: classified?.suggestion ?? 'Fixed a column name locally.', fixedBy: 'local' };
        continue;
      }
      const repairBody: RepairRequest = {
        question: request.question,
        datasetIds: briefs.map((brief) => brief.id),
        attempts: turn.attempts.map(toFailedAttempt).filter((failed): failed is FailedAttempt => failed !== null),
        history: request.history,
      };
      update({ streamingCode: '' });
      let repaired: { code: string; change?: string };
      try {
        repaired = await consumePlan({ events: deps.streamEvents({ step: 'repair', body: repairBody, signal }), update, addMetrics, signal });
      } catch (error) {
        // A failed repair of a clean run still leaves that run's answer, marked with its failed checks.
        if (classified || signal.aborted) throw error;
        break;
      }
      attempt = { number: attempt.number + 1, code: repaired.code, change: repaired.change ?? 'Repaired the code.', fixedBy: 'llm' };
    }

    const last = finalAttempt(turn);
    if (last?.checks) update({ checks: { outcomes: last.checks, repaired: checkRepaired } });
    if (last?.result?.status !== 'ok') {
      update({ phase: last?.result?.status === 'interrupted' ? 'cancelled' : 'failed' });
      return turn;
    }

    // 4. The answer, streamed, about the final attempt's outputs; the reviewer reads the same, meanwhile.
    update({ phase: 'answering' });
    const answerStarted = now();
    const outputs = summarizeRun({ result: last.result });
    const reviewing = reviewAttempt({
      deps,
      signal,
      request: { question: request.question, code: last.code, outputs, failedChecks: failedChecks(turn.checks).map((check) => check.message) },
    });
    const { provider } = await deps.streamAnswer({
      question: request.question,
      code: last.code,
      outputs,
      figures: last.result.figures.length,
      status: last.result.status,
      signal,
      onDelta: (text) => update((current) => ({ answer: current.answer + text })),
    });
    addMetrics({ answerMs: now() - answerStarted, llmCalls: provider === 'offline' ? 0 : 1 });
    const reviewed = await reviewing;
    if (reviewed?.review) {
      update({ review: reviewed.review });
      addMetrics(reviewed.cost);
    }
    update({ phase: 'done', answerProvider: provider });
    return turn;
  } catch (error) {
    if (signal.aborted) {
      update({ phase: 'cancelled' });
      return turn;
    }
    const askError: AskError =
      error instanceof TurnFailed ? error.askError : { code: 'llm_network', message: error instanceof Error ? error.message : String(error), retryable: true };
    update({ phase: 'failed', error: askError });
    return turn;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The review of the final attempt; never throws (a failed request is an "unreviewed" outcome), null without a reviewer. */
async function reviewAttempt({ deps, request, signal }: { deps: RunTurnDeps; request: ReviewRequest; signal: AbortSignal }): Promise<ReviewResponse | null> {
  if (!deps.review) return null;
  try {
    return await deps.review({ request, signal });
  } catch (error) {
    if (signal.aborted) return null;
    const reason = fitText(`The review request failed: ${error instanceof Error ? error.message : String(error)}`, 600);
    return { review: { status: 'unreviewed', model: 'unknown', reason }, cost: { llmCalls: 0, inputTokens: 0, outputTokens: 0 } };
  }
}

/** Reads the events of one ask or repair call into the turn; returns the final plan. */
async function consumePlan(args: {
  events: AsyncIterable<AskEvent>;
  update: (patch: Partial<TurnState> | ((current: TurnState) => Partial<TurnState>)) => void;
  addMetrics: (patch: Partial<TurnState['metrics']>) => void;
  signal: AbortSignal;
}): Promise<{ code: string; change?: string }> {
  for await (const event of args.events) {
    throwIfAborted(args.signal);
    switch (event.type) {
      case 'provider':
        args.update({ provider: event.provider });
        break;
      case 'selection':
        args.update({ selection: { datasets: event.datasets, skipped: event.skipped, note: event.note }, phase: 'generating' });
        break;
      case 'context':
        args.update({ context: event.datasets });
        break;
      case 'guidance':
        args.update({ guidance: event.guidance });
        break;
      case 'code-delta':
        args.update({ streamingCode: event.code, phase: 'generating' });
        break;
      case 'plan':
        args.update({ plan: event.plan, expects: event.expects, streamingCode: event.code });
        args.addMetrics(event.metrics);
        return { code: event.code, ...(event.change ? { change: event.change } : {}) };
      case 'error':
        throw new TurnFailed(event.error);
    }
  }
  throw new TurnFailed({ code: 'llm_malformed', message: 'The model stopped before producing any code. Try again.', retryable: true });
}

function replaceLastAttempt(update: (patch: (current: TurnState) => Partial<TurnState>) => void, attempt: TurnAttempt): void {
  update((current) => ({ attempts: [...current.attempts.slice(0, -1), attempt] }));
}

/** The error type a repair request carries for a clean run whose answer checks failed (scripts match on it). */
export const CHECK_FAILED_ERROR = 'AnswerCheckFailed';

function toFailedAttempt(attempt: TurnAttempt): FailedAttempt | null {
  const { result } = attempt;
  const failed = (attempt.checks ?? []).filter((check) => check.status === 'fail');
  if (result?.status === 'ok' && failed.length > 0) {
    const message = `The code ran, but its output does not answer the question as asked. ${describeFailures(failed)}`;
    return {
      code: attempt.code,
      status: 'ok',
      error: { type: CHECK_FAILED_ERROR, message: shortText(message, 4000), line: null, traceback: '' },
      stdoutTail: result.stdout.slice(-2000),
    };
  }
  if (!result || result.status === 'ok' || !result.error) return null;
  return {
    code: attempt.code,
    status: result.status,
    error: { ...result.error, message: shortText(result.error.message, 4000), traceback: result.error.traceback.slice(-8000) },
    stdoutTail: result.stdout.slice(-2000),
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
}

/** The bounded summary of a finished turn that follow-up questions send as history. */
export function summarizeTurn(turn: TurnState): TurnSummary | null {
  const last = finalAttempt(turn);
  if (!last?.result) return null;
  return {
    question: fitText(turn.question, 2000),
    code: fitText(last.code, 8000),
    status: last.result.status,
    outputSummary: summarizeRun({ result: last.result, maxChars: 4000 }),
  };
}
