/**
 * Follow-up questions ("now by segment", "what about per week?") name only what changes. Without an LLM the
 * planner carries over one thing, the measured column and its aggregation from the previous question, and only
 * into an intent that would otherwise just count rows. A follow-up that only adds a condition ("and only for
 * 2008?") is the earlier question again on fewer rows. Anything subtler is left to the analyst to spell out.
 */
import type { Condition } from './conditions';
import type { PlanColumn } from './match-columns';
import { splitWords } from './question-words';
import type { Aggregation, Detection, Intent } from './types';

const FOLLOW_UP = /^(now|and|also|then|instead|same|what about|how about|and now|ok|okay|but)\b/i;

export function isFollowUp({ question }: { question: string }): boolean {
  return FOLLOW_UP.test(question.normalize('NFKC').trim());
}

/** The measure of an earlier intent, if it had one. */
function measureOf({ intent }: { intent: Intent }): { value: PlanColumn; aggregation: Aggregation } | null {
  if ((intent.kind === 'group-by' || intent.kind === 'trend') && intent.value) return { value: intent.value, aggregation: intent.aggregation };
  if (intent.kind === 'top-n' && intent.metric) return { value: intent.metric, aggregation: intent.aggregation };
  if (intent.kind === 'distribution' && intent.column.kind === 'numeric') return { value: intent.column, aggregation: 'mean' };
  return null;
}

export function applyFollowUp({ detection, previous }: { detection: Detection; previous: Detection }): Detection {
  if (detection.status !== 'matched' || previous.status !== 'matched') return detection;
  const measure = measureOf({ intent: previous.intent });
  if (!measure) return detection;
  const intent = detection.intent;
  if ((intent.kind === 'group-by' || intent.kind === 'trend') && intent.value === null) {
    const clash = intent.kind === 'group-by' ? intent.groups.includes(measure.value) : intent.date === measure.value;
    if (!clash) return { status: 'matched', intent: { ...intent, value: measure.value, aggregation: measure.aggregation } };
  }
  if (intent.kind === 'top-n' && intent.metric === null && intent.entity !== measure.value) {
    return { status: 'matched', intent: { ...intent, metric: measure.value, aggregation: measure.aggregation } };
  }
  return detection;
}

// What a refinement says besides its condition: "and only for 2008?", "what about for US Steel?", "now since 1990".
const FILLER = new Set([
  'and',
  'now',
  'also',
  'then',
  'instead',
  'same',
  'what',
  'about',
  'how',
  'ok',
  'okay',
  'but',
  'only',
  'just',
  'again',
  'please',
  'the',
  'for',
  'in',
  'this',
  'that',
  'it',
  'with',
  'do',
  'one',
  'case',
  'question',
  'those',
  'these',
]);

/** True when the words left after reading the conditions say nothing of their own: the question only narrows. */
export function onlyNarrows({ rest }: { rest: string }): boolean {
  return splitWords(rest).every((word) => FILLER.has(word.text));
}

/** Whether two conditions constrain the same thing, so the newer replaces the older ("and for 2009?" after 2008). */
function sameSubject({ left, right }: { left: Condition; right: Condition }): boolean {
  if (left.kind !== right.kind) return false;
  if (left.kind === 'equals') return true;
  return (
    right.kind !== 'equals' &&
    left.column.name === right.column.name &&
    (left.kind !== 'compare' || right.kind !== 'compare' || left.operator === right.operator)
  );
}

/** The earlier question's conditions with the refinement's added; a newer condition on the same subject wins. */
export function mergeConditions({ earlier, added }: { earlier: Condition[]; added: Condition[] }): Condition[] {
  return [...earlier.filter((condition) => !added.some((newer) => sameSubject({ left: condition, right: newer }))), ...added];
}
