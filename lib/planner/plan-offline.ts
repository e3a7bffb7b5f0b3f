/**
 * The offline planner: with no LLM configured, turns a question (or a preset) and the dataset briefs into
 * deterministic pandas code for the common questions, and says plainly when it cannot. Pure, browser-safe
 * TypeScript: the same function runs in the route and in tests, and the same input always yields the same code.
 *
 * Untrusted text (column names, the question's group values) reaches the code only as Python string literals
 * (lib/text/python-literal.ts); nothing from the data is ever placed in a comment or an identifier.
 */
import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import type { GeneratedCode, Preset, TurnSummary } from '@/lib/llm/model-contract';
import { detectIntent, presetIntent } from './detect-intent';
import { emitCompare } from './emit-compare';
import { emitCorrelation } from './emit-correlation';
import { emitExplore } from './emit-explore';
import { emitGroupBy, emitTopN } from './emit-aggregate';
import { emitPredict } from './emit-predict';
import { emitDistribution, emitMissing, emitOverview } from './emit-summary';
import { emitTrend } from './emit-trend';
import { readConditions, type Condition } from './conditions';
import { applyConditions, conditionNote } from './emit-conditions';
import { applyFollowUp, isFollowUp, mergeConditions, onlyNarrows } from './follow-up';
import { chooseDataset, findMentions, planColumns, type Mention, type PlanColumn } from './match-columns';
import { displayName, isPolicySafeText } from './plan-text';
import { buildSuggestions, noMatchMessage } from './no-match';
import { printNotes, readingNote, unmatchedFocusNote } from './plan-notes';
import { unsupportedRequest } from './unsupported';
import type { Detection, EmitContext, Emitted, Intent } from './types';

export interface PlanOfflineInput {
  question: string;
  /** The datasets in df1..dfN order; the question is answered from one of them (df1 unless it names another's columns). */
  datasets: DatasetBrief[];
  preset?: Preset;
  /** Earlier turns, newest last: a short follow-up carries over the measured column, or narrows the last question. */
  history?: TurnSummary[];
}

export type PlanOfflineResult = { ok: true; generated: GeneratedCode; intent: Intent['kind'] } | { ok: false; message: string; suggestions: string[] };

function emit({ intent, context }: { intent: Intent; context: EmitContext }): Emitted {
  switch (intent.kind) {
    case 'overview':
      return emitOverview({ context });
    case 'missing':
      return emitMissing({ context, focus: intent.focus });
    case 'distribution':
      return emitDistribution({ context, column: intent.column });
    case 'correlation':
      return emitCorrelation({ context, columns: intent.columns, focus: intent.focus });
    case 'group-by':
      return emitGroupBy({ context, value: intent.value, aggregation: intent.aggregation, groups: intent.groups });
    case 'top-n':
      return emitTopN({ context, ...intent });
    case 'trend':
      return emitTrend({ context, ...intent });
    case 'compare':
      return emitCompare({ context, ...intent });
    case 'explore':
      return emitExplore({ context });
    case 'predict':
      return emitPredict({ context, target: intent.target, task: intent.task });
  }
}

/** df index for a preset: the first dataset that has the target column; explore uses df1. */
function presetDataset({ preset, datasets }: { preset: Preset; datasets: DatasetBrief[] }): number {
  if (preset.kind !== 'predict') return 0;
  const exact = datasets.findIndex((dataset) => dataset.columns.some((column) => column.name === preset.target));
  if (exact >= 0) return exact;
  const folded = preset.target.toLowerCase();
  return Math.max(
    0,
    datasets.findIndex((dataset) => dataset.columns.some((column) => column.name.toLowerCase() === folded)),
  );
}

function detectQuestion({ question, columns }: { question: string; columns: PlanColumn[] }): Detection & { mentions: Mention[] } {
  const mentions = findMentions({ question, columns });
  return { ...detectIntent({ question, mentions, columns }), mentions };
}

type Asked = Detection & { mentions: Mention[] };

/**
 * The last question that asked something of its own, with its conditions and those of the refinements after it:
 * "average invest by firm", then "and only for 1950?", then "what about since 1945?" is the first question on the
 * rows since 1945. Null when there is none the planner can read.
 */
function earlierQuestion({
  history,
  columns,
}: {
  history: TurnSummary[];
  columns: PlanColumn[];
}): { question: string; asked: Asked; conditions: Condition[] } | null {
  const last = history.at(-1);
  if (!last) return null;
  const reading = readConditions({ question: last.question, columns });
  if (reading.status === 'unusable') return null;
  if (reading.conditions.length > 0 && onlyNarrows({ rest: reading.rest })) {
    const base = earlierQuestion({ history: history.slice(0, -1), columns });
    return base && { ...base, conditions: mergeConditions({ earlier: base.conditions, added: reading.conditions }) };
  }
  const asked = detectQuestion({ question: reading.rest, columns });
  return asked.status === 'matched' ? { question: last.question, asked, conditions: reading.conditions } : null;
}

/** ` Read as a follow-up of "average invest by firm", on fewer rows.` (the question quoted only when the kernel's policy would accept it as text). */
function refinementNote({ question }: { question: string }): string {
  const quoted = isPolicySafeText(question) ? ` ${displayName(question)}` : '';
  return ` Read as a follow-up of the earlier question${quoted}, on fewer rows.`;
}

/** Only where the plan picks columns by kind (all numeric columns...) would the analyst expect to see them. */
function refusedNote({ refused, intent }: { refused: string[]; intent: Intent }): string {
  if (refused.length === 0 || (intent.kind !== 'explore' && intent.kind !== 'correlation')) return '';
  return ` ${refused.length} column(s) left out: their names spell a double-underscore word the kernel refuses in code.`;
}

export function planOffline({ question, datasets, preset, history = [] }: PlanOfflineInput): PlanOfflineResult {
  const first = datasets[0];
  if (!first) return { ok: false, message: noMatchMessage({ reason: 'There is no dataset to analyse yet.' }), suggestions: [] };
  const previousQuestion = history.at(-1)?.question;
  const followUp = previousQuestion !== undefined && isFollowUp({ question });
  const index = preset ? presetDataset({ preset, datasets }) : chooseDataset({ question: followUp ? `${previousQuestion} ${question}` : question, datasets });
  const dataset = datasets[index] ?? first;
  const { usable, refused } = planColumns({ dataset });
  const context: EmitContext = { dataset, columns: usable, refused };
  const suggestions = buildSuggestions({ columns: usable });
  if (usable.length === 0) {
    return { ok: false, message: noMatchMessage({ reason: `${dataset.variable} has no columns the planner can use.` }), suggestions };
  }
  const unsupported = preset ? null : unsupportedRequest({ question });
  if (unsupported) return { ok: false, message: noMatchMessage({ reason: unsupported }), suggestions };
  const reading = preset ? { status: 'read' as const, conditions: [], rest: question } : readConditions({ question, columns: usable });
  if (reading.status === 'unusable') return { ok: false, message: noMatchMessage({ reason: reading.message }), suggestions };
  let asked: Asked = detectQuestion({ question: reading.rest, columns: usable });
  let conditions = reading.conditions;
  let refined = '';
  if (!preset && reading.conditions.length > 0 && onlyNarrows({ rest: reading.rest })) {
    const earlier = earlierQuestion({ history, columns: usable });
    if (earlier) {
      asked = earlier.asked;
      conditions = mergeConditions({ earlier: earlier.conditions, added: reading.conditions });
      refined = refinementNote({ question: earlier.question });
    }
  }
  let detection: Detection = preset ? presetIntent({ preset, columns: usable }) : asked;
  if (followUp && !preset && !refined) {
    detection = applyFollowUp({ detection, previous: detectQuestion({ question: previousQuestion, columns: usable }) });
  }
  if (detection.status === 'unmatched') return { ok: false, message: noMatchMessage({ reason: null }), suggestions };
  if (detection.status === 'incomplete') return { ok: false, message: noMatchMessage({ reason: detection.message }), suggestions };
  const emitted = emit({ intent: detection.intent, context });
  const readings = [
    refined,
    readingNote({ mentions: asked.mentions, intent: detection.intent }),
    unmatchedFocusNote({ question: reading.rest, mentions: asked.mentions, intent: detection.intent }),
  ];
  const notes = [...readings, conditionNote({ conditions }), refusedNote({ refused, intent: detection.intent })];
  const code = applyConditions({ code: emitted.code, variable: dataset.variable, conditions });
  return {
    ok: true,
    intent: detection.intent.kind,
    generated: {
      plan: `${emitted.plan}${notes.join('')}`,
      // The answer is written from the outputs: the readings are printed so the answer repeats them.
      code: printNotes({ code, notes: readings }),
      expects: { figures: emitted.figures, table: emitted.table },
    },
  };
}
