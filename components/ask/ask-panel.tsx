'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import type { Preset, ProviderInfo } from '@/lib/ask/contracts';
import { createNumberMatcher, provenanceOutputsFromRun } from '@/lib/answer/provenance';
import { createBrowserTurnDeps } from '@/lib/ask/client/browser-deps';
import type { MatchNumbersInText } from '@/lib/answer/client/provenance-plugin';
import { runTurn, summarizeTurn, type RunTurnDeps } from '@/lib/ask/client/run-turn';
import { createTurn, finalAttempt, type TurnState } from '@/lib/ask/turn-state';
import type { UseKernelResult } from '@/lib/kernel/client/use-kernel';
import type { DatasetSummary } from '@/lib/files/dataset-types';
import { useConversation } from '@/lib/conversations/client/use-conversation';
import { useLeaveWarning } from '@/lib/conversations/client/use-leave-warning';
import { useRerunConversation } from '@/lib/conversations/client/use-rerun-conversation';
import { SaveSharePanel } from '../share/save-share-panel';
import { ConversationBanner } from './conversation-banner';
import { QuestionBox } from './question-box';
import { RecentConversations } from './recent-conversations';
import { TurnView } from './turn-view';

interface AskPanelProps {
  kernel: UseKernelResult;
  /** Ready datasets of the catalog, in the order the analyst sees them. */
  datasetIds: string[];
  pinnedIds: string[];
  /** Columns the presets offer (of the first pinned or only dataset). */
  presetColumns: string[];
  prepareData: RunTurnDeps['prepareData'];
  provider: ProviderInfo;
  maxRepairAttempts: number;
  onOpenInEditor: (code: string) => void;
  /** Catalog entries (reading options and sizes for saving and exports). */
  catalog: DatasetSummary[];
  /** EMBED_ALLOWED_ORIGINS, shown next to the embed code. */
  embedAllowedOrigins: string[];
}

const NO_NUMBERS: MatchNumbersInText = () => [];

/** The conversation: questions, each turn's code, attempts, outputs and streamed answer; follow-ups share the kernel. */
export function AskPanel({
  kernel,
  datasetIds,
  pinnedIds,
  presetColumns,
  prepareData,
  provider,
  maxRepairAttempts,
  onOpenInEditor,
  catalog,
  embedAllowedOrigins,
}: AskPanelProps) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const deps = useMemo(() => createBrowserTurnDeps({ kernel, prepareData, maxRepairAttempts }), [kernel, prepareData, maxRepairAttempts]);
  // The conversation (turns, autosave, the id in the URL) and the re-run of a reopened one live in their own hooks.
  const conversation = useConversation({ availableDatasetIds: datasetIds, onSwitch: kernel.reset });
  const { turns, setTurns } = conversation;
  const kernelBindings = useMemo(() => ({ mountFiles: kernel.mountFiles, getBindings: kernel.getBindings }), [kernel.mountFiles, kernel.getBindings]);
  const currentGeneration = useCallback(() => kernel.client?.getState().generation ?? 0, [kernel.client]);
  const rerun = useRerunConversation({ kernel: kernelBindings, run: kernel.run, currentGeneration });
  const autosaving = conversation.autosave.state === 'pending' || conversation.autosave.state === 'saving' || conversation.autosave.state === 'failed';
  useLeaveWarning({ unsaved: activeId !== null || autosaving });

  const ask = useCallback(
    async ({ question, preset, replaceId, exploreId }: { question: string; preset?: Preset; replaceId?: string; exploreId?: string }) => {
      if (activeId) return;
      const turn = createTurn({ id: `turn-${Date.now().toString(36)}`, question });
      const history = turns
        .filter((previous) => previous.id !== replaceId)
        .map(summarizeTurn)
        .filter((summary) => summary !== null)
        .slice(-5);
      const abort = new AbortController();
      controller.current = abort;
      conversation.ensureId();
      setActiveId(turn.id);
      setTurns((current) => [...current.filter((previous) => previous.id !== replaceId), turn]);
      const onChange = (next: TurnState) => setTurns((current) => current.map((candidate) => (candidate.id === next.id ? next : candidate)));
      try {
        await runTurn({
          turn,
          // Explore is about the one file the analyst named in the question box, whatever else is pinned.
          request: { question, datasetIds, pinnedIds: exploreId ? [exploreId] : pinnedIds, history, ...(preset ? { preset } : {}) },
          deps,
          signal: abort.signal,
          onChange,
        });
      } finally {
        controller.current = null;
        setActiveId(null);
      }
    },
    [activeId, conversation, datasetIds, deps, pinnedIds, setTurns, turns],
  );

  // Variables go; mounted files and their df1..dfN bindings stay (reset keeps them), so no re-download is needed.
  const newConversation = useCallback(async () => {
    controller.current?.abort();
    await kernel.reset();
    conversation.startNew();
    rerun.clear();
  }, [conversation, kernel, rerun]);

  const openConversation = useCallback(
    async (id: string) => {
      controller.current?.abort();
      rerun.clear();
      await conversation.open(id);
    },
    [conversation, rerun],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p data-testid="ask-provider" data-kind={provider.kind} className="text-xs text-slate-600">
          {provider.kind === 'offline' ? '⚙ ' : ''}
          {provider.label}
        </p>
        {turns.length > 0 ? (
          <button
            type="button"
            data-testid="new-conversation"
            onClick={() => void newConversation()}
            className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
          >
            New conversation
          </button>
        ) : null}
      </div>
      <RecentConversations
        currentId={conversation.id}
        refreshKey={conversation.lastSaved}
        onOpen={(id) => void openConversation(id)}
        onDeleting={async (id) => {
          // The open conversation: its running question stops, and the delete waits for any save of it on the wire.
          if (id === conversation.id) controller.current?.abort();
          await conversation.holdSaves(id);
        }}
        onDeleted={(id) => (id === conversation.id ? void newConversation() : undefined)}
        onDeleteFailed={conversation.releaseSaves}
      />
      <ConversationBanner
        opening={conversation.opening}
        reopened={conversation.reopened}
        autosave={conversation.autosave}
        hasTurns={turns.length > 0}
        rerun={rerun.state}
        kernelGeneration={kernel.state.generation}
        canRerun={activeId === null && kernel.state.state === 'ready'}
        onRerun={() => void rerun.rerun(turns)}
        onRetrySave={() => void conversation.retrySave()}
      />
      {turns.map((turn) => (
        <TurnView
          key={turn.id}
          turn={turn}
          active={turn.id === activeId}
          live={kernel.output}
          matchNumbers={numberMatcherFor(turn)}
          onCancel={() => controller.current?.abort()}
          onRetry={() => void ask({ question: turn.question, replaceId: turn.id })}
          onOpenInEditor={onOpenInEditor}
        />
      ))}
      {/* Stays mounted while a follow-up runs, so the link saved earlier stays visible (the panel disables saving meanwhile). */}
      {turns.some((turn) => turn.phase === 'done') ? (
        <SaveSharePanel
          share={conversation.share}
          onShare={conversation.setShare}
          turns={turns}
          datasetIds={datasetIds}
          kernelInfo={kernel.state.state === 'ready' ? kernel.state.info : null}
          catalog={catalog}
          embedAllowedOrigins={embedAllowedOrigins}
        />
      ) : null}
      {datasetIds.length === 0 ? <p className="text-sm text-slate-500">Upload a data file to ask questions about it.</p> : null}
      {kernel.state.state === 'ready' && kernel.state.info.packageSource?.reachable === false ? (
        <p data-testid="ask-plain-python" role="note" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
          Plain Python only in this browser: answers that need pandas, numpy or matplotlib cannot run here (the kernel status says why).
        </p>
      ) : null}
      <QuestionBox
        disabled={activeId !== null || datasetIds.length === 0 || kernel.state.state === 'error'}
        presetColumns={presetColumns}
        files={catalog.map(({ id, displayName }) => ({ id, displayName }))}
        pinnedIds={pinnedIds}
        onAsk={(request) => void ask(request)}
      />
    </div>
  );
}

const matcherCache = new WeakMap<TurnState, MatchNumbersInText>();

/** Matches against the final attempt's outputs; cached per turn state so the markdown renderer keeps a stable plugin. */
function numberMatcherFor(turn: TurnState): MatchNumbersInText {
  const result = finalAttempt(turn)?.result;
  if (!result || turn.phase !== 'done') return NO_NUMBERS;
  const cached = matcherCache.get(turn);
  if (cached) return cached;
  const match = createNumberMatcher({ outputs: provenanceOutputsFromRun({ result, question: turn.question }) });
  const matcher: MatchNumbersInText = (text) =>
    match(text).map((span) => ({
      start: span.start,
      end: span.end,
      source: span.source
        ? { label: span.source.label, snippet: span.source.snippet, anchor: `${turn.id}-output-${span.source.output === 'stdout' ? 'stdout' : 'result'}` }
        : null,
    }));
  matcherCache.set(turn, matcher);
  return matcher;
}
