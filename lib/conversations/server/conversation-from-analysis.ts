import 'server-only';
import { failAnalysis } from '@/lib/share/server/analysis-errors';
import type { AnalysisRecord, SavedTurn } from '@/lib/share/analysis-record';
import { readRecord } from '@/lib/share/server/analysis-store';
import { isAnalysisId } from '@/lib/share/analysis-ids';
import { turnBindings } from '@/lib/share/saved-bindings';
import { turnReport } from '@/lib/share/turn-report';
import { mapLimited } from '@/lib/files/server/dataset-records';
import { newRandomId } from '@/lib/core/random-id';
import type { StorageDriver } from '@/lib/storage/server';
import type { ConversationSummary } from '../conversation-record';
import { saveConversation } from './conversation-store';

/**
 * "Continue in workspace": a new conversation of the analysis's owner, seeded with the analysis's questions, code,
 * outputs (figures read back from storage), answers and per-question bindings. Only the owner may: for anyone else
 * the analysis reads as not found here, whatever its link says (a link lets people view, not take over, an analysis).
 */

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** One saved question as conversation input; saveConversation checks it with the conversation schema (saved and live results share their kinds). */
async function seededTurn({ storage, record, turn }: { storage: StorageDriver; record: AnalysisRecord; turn: SavedTurn }) {
  const attempts = await Promise.all(
    turn.attempts.map(async ({ figures, status, stdout, stderr, error, result, timings, ...authored }) => {
      const pngs = await mapLimited({ items: figures, limit: 4, work: ({ key }) => storage.getObject({ key }) });
      return {
        ...authored,
        result: {
          status,
          stdout,
          stderr,
          error,
          result,
          timings,
          // A figure whose object is gone is left out rather than failing the whole continuation.
          figures: pngs.flatMap((bytes, index) =>
            bytes ? [{ pngBase64: toBase64(bytes), width: figures[index]!.width, height: figures[index]!.height }] : [],
          ),
        },
      };
    }),
  );
  const final = turn.attempts[turn.attempts.length - 1];
  return {
    question: turn.question,
    ...(turn.plan !== undefined ? { plan: turn.plan } : {}),
    answer: turn.answer,
    ...turnReport(turn),
    bindings: turnBindings({ datasets: record.datasets, turn }).map(({ variable, id }) => ({ variable, datasetId: id })),
    attempts,
    phase: final?.status === 'ok' ? ('done' as const) : ('failed' as const),
  };
}

export async function continueAnalysis({
  storage,
  ownerHash,
  analysisId,
  now = new Date(),
}: {
  storage: StorageDriver;
  ownerHash: string;
  analysisId: string;
  now?: Date;
}): Promise<ConversationSummary> {
  if (!isAnalysisId(analysisId)) failAnalysis({ code: 'invalid_input', message: 'That is not an analysis id.' });
  const record = await readRecord({ storage, id: analysisId });
  if (!record || record.ownerHash !== ownerHash) {
    failAnalysis({
      code: 'not_found',
      message: 'Only the owner of a saved analysis can continue it in the workspace, and this one is not yours (or no longer exists).',
    });
  }
  const turns = await Promise.all(record.turns.map((turn) => seededTurn({ storage, record, turn })));
  const input = { turns, share: { analysisId, turnCount: turns.length }, source: { analysisId } };
  return saveConversation({ storage, ownerHash, id: newRandomId(), input, now });
}
