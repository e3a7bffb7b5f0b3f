import { sampleInput } from '@/lib/share/test-support/analysis-fixture';
import type { ConversationInput } from '../conversation-record';

/**
 * A two-question conversation in the autosave shape: the analysis fixture's questions (a figure, a table, a repaired
 * attempt, one that never ran), the second still running, the first bound to `datasetId` when given.
 */
export function sampleConversation({ datasetId }: { datasetId?: string } = {}): ConversationInput {
  const [first, second] = sampleInput().turns;
  return {
    turns: [
      { ...first!, phase: 'done', ...(datasetId ? { bindings: [{ variable: 'df1', datasetId }] } : {}) },
      { ...second!, phase: 'running' },
    ],
    share: null,
  };
}
