import { describe, expect, it } from 'vitest';
import { csvBrief, okRun } from '@/lib/ask/test-support/turn-fixture';
import { PNG_3X2 } from '@/lib/share/test-support/analysis-fixture';
import { createTurn, type TurnState } from '@/lib/ask/turn-state';
import { conversationBody, conversationSignature } from './conversation-body';
import { conversationInputSchema } from '../conversation-record';
import { interruptedCount, restoreTurns } from '../restore-turns';

const ID_A = 'AAAAAAAAAAAAAAAAAAAAAA';
const ID_B = 'BBBBBBBBBBBBBBBBBBBBBA';
const CONVERSATION = 'CCCCCCCCCCCCCCCCCCCCCA';

const run = okRun({
  stdout: 'rows 3\n',
  figures: Array.from({ length: 12 }, () => ({ pngBase64: PNG_3X2, width: 3, height: 2 })),
  packagesLoaded: ['pandas'],
});

const done: TurnState = {
  ...createTurn({ id: 't1', question: 'How many rows?' }),
  phase: 'done',
  provider: { kind: 'scripted', model: 'script', label: 'Scripted model' },
  context: [csvBrief({ id: ID_A, variable: 'df1' })],
  bindings: [
    { variable: 'df1', datasetId: ID_A },
    { variable: 'df2', datasetId: ID_B },
  ],
  answer: 'Three.',
  attempts: [{ number: 1, code: 'len(df1)', result: run }],
};
const running: TurnState = { ...createTurn({ id: 't2', question: 'And the mean?' }), phase: 'running', attempts: [{ number: 1, code: 'df1.mean()' }] };

describe('conversation body and restore', () => {
  it('saves every question, settled or not, in a body the server schema accepts', () => {
    const body = conversationBody({ turns: [done, running], availableDatasetIds: [ID_A, ID_B], share: { analysisId: ID_B, turnCount: 1 } });
    const parsed = conversationInputSchema.parse(body);
    expect(parsed.turns.map((turn) => turn.phase)).toEqual(['done', 'running']);
    // Only what the question's code depended on (shown to the model or named in the code): df2 was neither.
    expect(parsed.turns[0]!.bindings).toEqual([{ variable: 'df1', datasetId: ID_A }]);
    // Figures past the per-attempt cap are left out rather than failing the autosave.
    expect(parsed.turns[0]!.attempts[0]!.result!.figures).toHaveLength(10);
    expect(conversationBody({ turns: [], availableDatasetIds: [], share: null })).toBeNull();
  });

  it('restores the saved outputs and bindings; a question saved while running comes back cancelled', () => {
    const body = conversationInputSchema.parse(conversationBody({ turns: [done, running], availableDatasetIds: [ID_A], share: null }));
    const conversation = { id: CONVERSATION, turns: body.turns };
    const restored = restoreTurns({ conversation });
    expect(restored.map((turn) => [turn.question, turn.phase])).toEqual([
      ['How many rows?', 'done'],
      ['And the mean?', 'cancelled'],
    ]);
    expect(restored[0]!.attempts[0]!.result).toMatchObject({ status: 'ok', stdout: 'rows 3\n', result: { kind: 'scalar', value: 3 } });
    expect(restored[0]!.bindings).toEqual([{ variable: 'df1', datasetId: ID_A }]);
    expect(restored[0]!.provider).toEqual(done.provider);
    // The attempt that never ran is kept in the body; restored, its code is shown but not as a run still going.
    expect(restored[1]!.attempts).toEqual([]);
    expect(restored[1]!.streamingCode).toBe('df1.mean()');
    expect(interruptedCount({ conversation })).toBe(1);
  });

  it('keeps a failed question whose error quotes a 20,000-character kernel message: the message is cut, the autosave is not refused', () => {
    const failed: TurnState = {
      ...createTurn({ id: 't3', question: 'Why did it fail?' }),
      phase: 'failed',
      error: { code: 'no_plan', message: `The kernel said: ${'x'.repeat(20_000)}`, retryable: false },
    };
    const parsed = conversationInputSchema.parse(conversationBody({ turns: [done, failed], availableDatasetIds: [ID_A], share: null }));
    const message = parsed.turns[1]!.error!.message;
    expect(message.startsWith('The kernel said: xxx')).toBe(true);
    expect(message.endsWith('…')).toBe(true);
    expect(message.length).toBe(10_000);
  });

  it('changes its signature when a step settles, not on every streamed token', () => {
    const base = conversationSignature({ id: CONVERSATION, turns: [{ ...running, streamingCode: 'a' }], share: null });
    expect(conversationSignature({ id: CONVERSATION, turns: [{ ...running, streamingCode: 'ab' }], share: null })).toBe(base);
    expect(conversationSignature({ id: CONVERSATION, turns: [{ ...running, phase: 'answering' }], share: null })).not.toBe(base);
    expect(conversationSignature({ id: CONVERSATION, turns: [running], share: { analysisId: ID_A, turnCount: 1 } })).not.toBe(base);
  });
});
