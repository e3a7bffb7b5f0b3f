/**
 * Follow-up questions ("now by segment", "what about per week?") name only what changes. Without an LLM the
 * planner carries over one thing, the measured column and its aggregation from the previous question, and only
 * into an intent that would otherwise just count rows. Anything subtler is left to the analyst to spell out.
 */
import type { PlanColumn } from './match-columns';
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
