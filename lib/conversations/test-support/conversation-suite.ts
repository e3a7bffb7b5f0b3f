import { describe, expect, it } from 'vitest';
import { saveAnalysis } from '@/lib/share/server/analysis-service';
import { expectAnalysisError, makePng, newOwner, PNG_3X2, runResult, sampleInput } from '@/lib/share/test-support/analysis-fixture';
import { keysUnder } from '@/lib/files/test-support/dataset-fixture';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';
import { newRandomId } from '@/lib/core/random-id';
import { continueAnalysis } from '../server/conversation-from-analysis';
import { conversationKey, deleteConversation, getConversation, listConversations, saveConversation } from '../server/conversation-store';
import { sampleConversation } from './conversation-fixture';

/** The conversation store against one storage driver (conversation-local.test.ts, conversation-s3.test.ts). */
export function describeConversationStore({ name, setup }: { name: string; setup: () => Promise<ContractFixture> }) {
  describe(`conversation store: ${name}`, () => {
    const fixture = suiteStorageFixture({ setup });
    const storage = () => fixture.driver;
    const now = new Date('2026-03-01T12:00:00.000Z');

    it('saves under the owner’s own prefix and reads back what a reopened conversation shows', async () => {
      const owner = newOwner();
      const id = newRandomId();
      const summary = await saveConversation({
        storage: storage(),
        ownerHash: owner.hash,
        id,
        input: sampleConversation({ datasetId: 'AAAAAAAAAAAAAAAAAAAAAA' }),
        now,
      });
      expect(summary).toEqual({ id, title: 'How many units per region?', createdAt: now.toISOString(), updatedAt: now.toISOString(), questionCount: 2 });
      expect((await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).sort()).toEqual([
        `conversations/${owner.hash}/index/${id}`,
        `conversations/${owner.hash}/records/${id}.json`,
      ]);
      const view = await getConversation({ storage: storage(), ownerHash: owner.hash, id });
      expect('ownerHash' in view).toBe(false);
      expect(view.turns.map((turn) => turn.phase)).toEqual(['done', 'running']);
      expect(view.turns[0]!.bindings).toEqual([{ variable: 'df1', datasetId: 'AAAAAAAAAAAAAAAAAAAAAA' }]);
      // Figures come back inline (checked PNGs, the header's size, not the claimed 640×480); the attempt that never ran keeps its code only.
      expect(view.turns[0]!.attempts[0]!.result!.figures).toEqual([{ pngBase64: PNG_3X2, width: 3, height: 2 }]);
      expect(view.turns[1]!.attempts.map((attempt) => [attempt.number, attempt.result?.status ?? null])).toEqual([
        [1, 'python'],
        [2, 'ok'],
        [3, null],
      ]);

      // A later save keeps createdAt and the source, and moves the conversation to the top of the list.
      const later = new Date(now.getTime() + 60_000);
      const other = newRandomId();
      await saveConversation({ storage: storage(), ownerHash: owner.hash, id: other, input: sampleConversation(), now: later });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const input = sampleConversation();
      await saveConversation({
        storage: storage(),
        ownerHash: owner.hash,
        id,
        input: { ...input, turns: [input.turns[0]!] },
        now: new Date(later.getTime() + 60_000),
      });
      const list = await listConversations({ storage: storage(), ownerHash: owner.hash });
      expect(list.map((row) => [row.id, row.questionCount])).toEqual([
        [id, 1],
        [other, 2],
      ]);
      expect(list[0]!.createdAt).toBe(now.toISOString());
    });

    it('answers another owner, and a caller with a malformed id, as not found or invalid; nothing of the owner’s changes', async () => {
      const owner = newOwner();
      const stranger = newOwner();
      const id = newRandomId();
      await saveConversation({ storage: storage(), ownerHash: owner.hash, id, input: sampleConversation(), now });
      const before = await storage().getObject({ key: conversationKey({ ownerHash: owner.hash, id }) });
      await expectAnalysisError(getConversation({ storage: storage(), ownerHash: stranger.hash, id }), 'not_found');
      expect(await listConversations({ storage: storage(), ownerHash: stranger.hash })).toEqual([]);
      // The stranger saving "the same id" writes their own conversation; the owner's is untouched.
      await saveConversation({
        storage: storage(),
        ownerHash: stranger.hash,
        id,
        input: { turns: [{ ...sampleConversation().turns[0]!, question: 'Mine' }] },
        now,
      });
      expect(await storage().getObject({ key: conversationKey({ ownerHash: owner.hash, id }) })).toEqual(before);
      expect((await getConversation({ storage: storage(), ownerHash: owner.hash, id })).title).toBe('How many units per region?');
      for (const bad of ['../../etc/passwd', 'AAAA', `${id}/x`]) {
        await expectAnalysisError(getConversation({ storage: storage(), ownerHash: owner.hash, id: bad }), 'invalid_input');
        await expectAnalysisError(saveConversation({ storage: storage(), ownerHash: owner.hash, id: bad, input: sampleConversation() }), 'invalid_input');
      }
    });

    it('deletes the owner’s own conversation (record and list entry); a stranger’s delete finds nothing and changes nothing', async () => {
      const owner = newOwner();
      const stranger = newOwner();
      const [kept, gone] = [newRandomId(), newRandomId()];
      for (const id of [kept, gone]) await saveConversation({ storage: storage(), ownerHash: owner.hash, id, input: sampleConversation(), now });
      await expectAnalysisError(deleteConversation({ storage: storage(), ownerHash: stranger.hash, id: gone }), 'not_found');
      await expectAnalysisError(deleteConversation({ storage: storage(), ownerHash: owner.hash, id: '../index' }), 'invalid_input');
      expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).toHaveLength(4);

      await deleteConversation({ storage: storage(), ownerHash: owner.hash, id: gone });
      expect((await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).sort()).toEqual([
        `conversations/${owner.hash}/index/${kept}`,
        `conversations/${owner.hash}/records/${kept}.json`,
      ]);
      await expectAnalysisError(getConversation({ storage: storage(), ownerHash: owner.hash, id: gone }), 'not_found');
      expect((await listConversations({ storage: storage(), ownerHash: owner.hash })).map((row) => row.id)).toEqual([kept]);
      await expectAnalysisError(deleteConversation({ storage: storage(), ownerHash: owner.hash, id: gone }), 'not_found');
      // A list entry left behind by a delete that failed half-way is removed by deleting again.
      await storage().putObject({ key: `conversations/${owner.hash}/index/${gone}`, body: new TextEncoder().encode('{}'), contentType: 'application/json' });
      await deleteConversation({ storage: storage(), ownerHash: owner.hash, id: gone });
      expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/index/` })).toEqual([`conversations/${owner.hash}/index/${kept}`]);
    });

    it('refuses a new conversation past the owner’s cap with what to do; saving an existing one, or after a delete, works', async () => {
      const owner = newOwner();
      const ids = [newRandomId(), newRandomId(), newRandomId()];
      const save = (id: string) => saveConversation({ storage: storage(), ownerHash: owner.hash, id, input: sampleConversation(), now, maxConversations: 2 });
      await save(ids[0]!);
      await save(ids[1]!);
      const refused = await expectAnalysisError(save(ids[2]!), 'quota');
      expect(refused.message).toMatch(/You keep 2 saved conversations.*Delete some/);
      expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/records/` })).toHaveLength(2);
      // Another owner has room of their own.
      await saveConversation({ storage: storage(), ownerHash: newOwner().hash, id: ids[2]!, input: sampleConversation(), now, maxConversations: 2 });
      await save(ids[0]!);
      await deleteConversation({ storage: storage(), ownerHash: owner.hash, id: ids[1]! });
      await save(ids[2]!);
      expect((await listConversations({ storage: storage(), ownerHash: owner.hash })).map((row) => row.id).sort()).toEqual([ids[0], ids[2]].sort());
    });

    it('refuses malformed bodies and bodies over the caps with a message that says where', async () => {
      const owner = newOwner();
      const id = newRandomId();
      const turn = sampleConversation().turns[0]!;
      const cases: Array<[unknown, RegExp]> = [
        [null, /expected object/i],
        [{ turns: [] }, /empty conversation/],
        [{ turns: [{ ...turn, phase: 'thinking' }] }, /turns\.0\.phase/],
        [{ turns: [{ ...turn, question: 'x'.repeat(2001) }] }, /turns\.0\.question/],
        [{ turns: Array.from({ length: 51 }, () => turn) }, /turns: /],
        [{ turns: [{ ...turn, bindings: [{ variable: 'df1; import os', datasetId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }] }, /variable/],
        [{ turns: [turn], share: { analysisId: '../x', turnCount: 1 } }, /share\.analysisId/],
        [
          {
            turns: [
              {
                ...turn,
                attempts: [
                  { number: 1, code: 'x', result: runResult({ figures: [{ pngBase64: Buffer.from('<script>').toString('base64'), width: 1, height: 1 }] }) },
                ],
              },
            ],
          },
          /figure 1 of question 1, attempt 1 was refused/,
        ],
        [
          {
            turns: [
              {
                ...turn,
                attempts: [
                  { number: 1, code: 'x', result: runResult({ figures: Array.from({ length: 11 }, () => ({ pngBase64: PNG_3X2, width: 3, height: 2 })) }) },
                ],
              },
            ],
          },
          /11 figures/,
        ],
      ];
      for (const [input, message] of cases) {
        const error = await expectAnalysisError(saveConversation({ storage: storage(), ownerHash: owner.hash, id, input, now }), 'invalid_input');
        expect(error.message).toMatch(message);
      }
      expect(await keysUnder({ fixture, prefix: `conversations/${owner.hash}/` })).toEqual([]);
    });

    it('cuts long outputs to the analysis save caps', async () => {
      const owner = newOwner();
      const id = newRandomId();
      const turn = sampleConversation().turns[0]!;
      const big = runResult({
        stdout: 'y'.repeat(150_000),
        figures: [{ pngBase64: makePng({ width: 2, height: 2 }).toString('base64'), width: 2, height: 2 }],
      });
      await saveConversation({
        storage: storage(),
        ownerHash: owner.hash,
        id,
        input: { turns: [{ ...turn, attempts: [{ number: 1, code: 'print()', result: big }] }] },
        now,
      });
      const stored = (await getConversation({ storage: storage(), ownerHash: owner.hash, id })).turns[0]!.attempts[0]!.result!;
      expect(stored.stdout.length).toBeLessThanOrEqual(100_000);
      expect(stored.stdout).toContain('output cut');
    });

    it('keeps a chart result as its spec (autosaves carry no chart PNG)', async () => {
      const owner = newOwner();
      const id = newRandomId();
      const turn = sampleConversation().turns[0]!;
      const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'bar', data: { values: [{ region: 'East', units: 7 }] } };
      const chart = { ...runResult({}), result: { kind: 'chart' as const, mime: 'application/vnd.vegalite.v6+json', spec } };
      await saveConversation({
        storage: storage(),
        ownerHash: owner.hash,
        id,
        input: { turns: [{ ...turn, attempts: [{ number: 1, code: 'chart', result: chart }] }] },
        now,
      });
      const stored = (await getConversation({ storage: storage(), ownerHash: owner.hash, id })).turns[0]!.attempts[0]!.result!;
      expect(stored.result).toEqual({ kind: 'chart', mime: 'application/vnd.vegalite.v6+json', spec });
    });

    it('continues only the owner’s own analysis, with its outputs, figures and bindings', async () => {
      const owner = newOwner();
      const analysis = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      await expectAnalysisError(continueAnalysis({ storage: storage(), ownerHash: newOwner().hash, analysisId: analysis.id }), 'not_found');
      const summary = await continueAnalysis({ storage: storage(), ownerHash: owner.hash, analysisId: analysis.id, now });
      const view = await getConversation({ storage: storage(), ownerHash: owner.hash, id: summary.id });
      expect(view.source).toEqual({ analysisId: analysis.id });
      expect(view.share).toEqual({ analysisId: analysis.id, turnCount: 2 });
      expect(view.turns.map((turn) => [turn.question, turn.phase, turn.attempts.length])).toEqual([
        ['How many units per region?', 'done', 1],
        ['And the mean price?', 'done', 2],
      ]);
      expect(view.turns[0]!.attempts[0]!.result!.figures).toEqual([{ pngBase64: PNG_3X2, width: 3, height: 2 }]);
      expect(view.turns[0]!.attempts[0]!.result!.result).toMatchObject({
        kind: 'table',
        rows: [
          ['East', 7],
          ['North', 3],
          ['South', 4],
        ],
      });
    });
  });
}
