import type { AskError, ClassifiedRunError, DatasetBrief, GeneratedCode, ProviderInfo } from '@/lib/ask/contracts';
import type { BoundDataset } from '@/lib/kernel/kernel-types';
import type { GuidanceOutcome, ReviewOutcome } from '@/lib/answer/review-contract';
import type { CheckOutcome, CheckReport } from '@/lib/answer/check-report';
import type { RunResult } from '@/workers/kernel-protocol';

/** Where a turn is; every phase can be cancelled. */
export type TurnPhase = 'selecting' | 'generating' | 'fetching' | 'running' | 'repairing' | 'answering' | 'done' | 'failed' | 'cancelled';

export interface TurnAttempt {
  /** 1 for the generated code, 2.. for repairs. */
  number: number;
  code: string;
  /** What changed compared with the previous attempt (repairs and local fixes). */
  change?: string;
  /** 'llm' when a repair call wrote it, 'local' when fixed without a call. */
  fixedBy?: 'llm' | 'local';
  result?: RunResult;
  classified?: ClassifiedRunError;
  /** The no-LLM answer checks of a clean run (lib/answer); absent when the run failed. */
  checks?: CheckOutcome[];
}

export interface TurnMetrics {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  generationMs: number;
  fetchMs: number;
  runMs: number;
  repairAttempts: number;
  answerMs: number;
}

export interface TurnState {
  id: string;
  question: string;
  phase: TurnPhase;
  provider?: ProviderInfo;
  selection?: { datasets: { id: string; reason: string }[]; skipped: boolean; note: string };
  /** What the LLM was shown about the data. */
  context?: DatasetBrief[];
  /**
   * The kernel client's bindings when this question's code ran (set once its data is mounted); a reopened
   * conversation restores the variable → dataset pairs it saved.
   */
  bindings?: ReadonlyArray<Pick<BoundDataset, 'variable' | 'datasetId'>>;
  plan?: string;
  /** Broad requests with a reviewer: the analysis plan it proposed before the code (or why there is none). */
  guidance?: GuidanceOutcome;
  expects?: GeneratedCode['expects'];
  /** The code as it streams in (before the first attempt exists). */
  streamingCode: string;
  attempts: TurnAttempt[];
  fetchProgress?: { loaded: number; total: number | null; label: string };
  answer: string;
  answerProvider?: string;
  /** The answer checks of the final attempt, and whether a failed check already sent the run back for one repair. */
  checks?: CheckReport;
  /** The reviewer's verdict (REVIEW_MODEL), or why there is none; absent when no reviewer is configured. */
  review?: ReviewOutcome;
  error?: AskError;
  metrics: TurnMetrics;
}

export function createTurn({ id, question }: { id: string; question: string }): TurnState {
  return {
    id,
    question,
    phase: 'selecting',
    streamingCode: '',
    attempts: [],
    answer: '',
    metrics: { llmCalls: 0, inputTokens: 0, outputTokens: 0, generationMs: 0, fetchMs: 0, runMs: 0, repairAttempts: 0, answerMs: 0 },
  };
}

/** The attempt whose outputs the answer is about: the last one. */
export function finalAttempt(turn: TurnState): TurnAttempt | undefined {
  return turn.attempts[turn.attempts.length - 1];
}
