'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TurnState } from '@/lib/ask/turn-state';
import { newRandomId } from '@/lib/core/random-id';
import { continueAnalysisRemote, loadConversation, saveConversationRemote } from './conversation-api';
import { conversationBody, conversationSignature } from './conversation-body';
import { isConversationId, type ConversationInput, type ConversationShare } from '../conversation-record';
import { interruptedCount, restoreTurns } from '../restore-turns';
import { useAutosave } from './use-autosave';

/** Debounce of the autosave after a step settles; a new question is saved at once. */
const SETTLE_DELAY_MS = 400;

export type OpeningState = { state: 'idle' } | { state: 'loading' } | { state: 'failed'; message: string };

/** A conversation shown from storage: its outputs are as saved, its Python variables are gone. */
export interface Reopened {
  /** Questions that were still running when it was last saved. */
  interrupted: number;
  /** Continued from this saved analysis. */
  fromAnalysis: string | null;
}

/** Puts the open conversation into the address (`/?c=<id>`), so a reload or Back reopens it; other parameters stay. */
function writeUrl(id: string | null): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('continue');
  if (id) url.searchParams.set('c', id);
  else url.searchParams.delete('c');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/**
 * The workspace's conversation and its autosave: the turns (AskPanel runs questions into them), the id in the URL,
 * reopening a saved one, continuing a saved analysis, and the share link saved from it. Every question is saved as
 * soon as it is asked and again as each step settles.
 */
export function useConversation({ availableDatasetIds, onSwitch }: { availableDatasetIds: readonly string[]; onSwitch: () => Promise<void> }) {
  const [id, setId] = useState<string | null>(null);
  const [turns, setTurns] = useState<TurnState[]>([]);
  const [share, setShare] = useState<ConversationShare | null>(null);
  const [source, setSource] = useState<{ analysisId: string } | undefined>(undefined);
  const [reopened, setReopened] = useState<Reopened | null>(null);
  const [opening, setOpening] = useState<OpeningState>({ state: 'idle' });
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  const idRef = useRef<string | null>(null);
  const baseline = useRef<string | null>(null);
  const savedTurnCount = useRef(0);
  const hadTurns = useRef(false);
  hadTurns.current = turns.length > 0;
  /** Conversations being deleted: nothing more is saved for them, or a late save would bring one back. */
  const deleting = useRef(new Set<string>());
  /** Bumped to save the conversation again as it stands (after a delete that failed). */
  const [resave, setResave] = useState(0);

  const autosave = useAutosave({
    save: ({ id: target, body }: { id: string; body: ConversationInput }) => saveConversationRemote({ id: target, body }),
    onSaved: (summary) => setLastSaved(`${summary.id}:${summary.updatedAt}`),
  });

  const open = useCallback(
    async (target: string) => {
      if (!isConversationId(target)) {
        setOpening({ state: 'failed', message: 'That link does not name a conversation.' });
        return;
      }
      setOpening({ state: 'loading' });
      const loaded = await loadConversation({ id: target });
      if (!loaded.ok) {
        setOpening({
          state: 'failed',
          message: loaded.status === 404 ? 'This conversation was not found: it is not one of yours, or it no longer exists.' : loaded.message,
        });
        return;
      }
      // The previous conversation's variables must not leak into this one.
      if (hadTurns.current) await onSwitch().catch(() => undefined);
      const restored = restoreTurns({ conversation: loaded.value });
      const restoredShare = loaded.value.share ?? null;
      baseline.current = conversationSignature({ id: target, turns: restored, share: restoredShare });
      savedTurnCount.current = restored.length;
      idRef.current = target;
      setId(target);
      setTurns(restored);
      setShare(restoredShare);
      setSource(loaded.value.source);
      setReopened({ interrupted: interruptedCount({ conversation: loaded.value }), fromAnalysis: loaded.value.source?.analysisId ?? null });
      setOpening({ state: 'idle' });
      writeUrl(target);
    },
    [onSwitch],
  );

  const continueFrom = useCallback(
    async (analysisId: string) => {
      setOpening({ state: 'loading' });
      const created = await continueAnalysisRemote({ analysisId });
      if (!created.ok) {
        setOpening({ state: 'failed', message: created.message });
        writeUrl(null);
        return;
      }
      setLastSaved(`${created.value.id}:${created.value.updatedAt}`);
      await open(created.value.id);
    },
    [open],
  );

  // The address names what to show: `?c=<id>` reopens a conversation, `?continue=<analysis id>` continues an analysis.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on load; later changes of the address are this hook's own
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const conversation = params.get('c');
    const analysis = params.get('continue');
    if (conversation) void open(conversation);
    else if (analysis) void continueFrom(analysis);
  }, []);

  /** The id of the conversation a new question joins, made (and put into the address) by the first question. */
  const ensureId = useCallback((): string => {
    if (idRef.current) return idRef.current;
    const fresh = newRandomId();
    idRef.current = fresh;
    setId(fresh);
    writeUrl(fresh);
    return fresh;
  }, []);

  const startNew = useCallback(() => {
    idRef.current = null;
    baseline.current = null;
    savedTurnCount.current = 0;
    setId(null);
    setTurns([]);
    setShare(null);
    setSource(undefined);
    setReopened(null);
    setOpening({ state: 'idle' });
    writeUrl(null);
  }, []);

  /**
   * Before deleting a conversation: stop saving it and wait until no save of it is on the wire, so the delete is the
   * last write. `releaseSaves` (the delete failed) saves it again as it stands.
   */
  const holdSaves = useCallback(
    async (target: string) => {
      deleting.current.add(target);
      if (target === idRef.current) autosave.discard();
      await autosave.settle();
    },
    [autosave],
  );
  const releaseSaves = useCallback((target: string) => {
    deleting.current.delete(target);
    baseline.current = null;
    setResave((count) => count + 1);
  }, []);

  const signature = conversationSignature({ id, turns, share });
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled step (the signature) saves; the body is read as it is then
  useEffect(() => {
    if (!id || turns.length === 0 || signature === baseline.current || deleting.current.has(id)) return;
    baseline.current = signature;
    const body = conversationBody({ turns, availableDatasetIds, share, source });
    if (!body) return;
    const asked = turns.length > savedTurnCount.current;
    savedTurnCount.current = turns.length;
    autosave.queue({ id, body }, asked ? 0 : SETTLE_DELAY_MS);
  }, [signature, resave]);

  return {
    id,
    turns,
    setTurns,
    share,
    setShare,
    reopened,
    opening,
    autosave: autosave.status,
    retrySave: autosave.retry,
    holdSaves,
    releaseSaves,
    lastSaved,
    open,
    ensureId,
    startNew,
  };
}
