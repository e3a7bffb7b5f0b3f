'use client';

import { useEffect, useState } from 'react';
import { listRecentConversations } from '@/lib/conversations/client/conversation-api';
import type { ConversationSummary } from '@/lib/conversations/conversation-record';
import { RecentConversationRow } from './recent-conversation-row';

interface RecentConversationsProps {
  /** The open conversation (marked in the list). */
  currentId: string | null;
  /** Changes after every autosave, so the list shows new titles and order. */
  refreshKey: string | null;
  onOpen: (id: string) => void;
  /** Before a delete is sent, after it succeeded (the workspace starts afresh when it was the open one), after it failed. */
  onDeleting: (id: string) => Promise<void>;
  onDeleted: (id: string) => void;
  onDeleteFailed: (id: string) => void;
}

/** This owner's autosaved conversations, newest first, titled by their first question: one click reopens one. */
export function RecentConversations({ currentId, refreshKey, onOpen, onDeleting, onDeleted, onDeleteFailed }: RecentConversationsProps) {
  const [rows, setRows] = useState<ConversationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the parent's signal to list again
  useEffect(() => {
    let live = true;
    void listRecentConversations().then((result) => {
      if (!live) return;
      if (result.ok) {
        setRows(result.value);
        setError(null);
      } else setError(result.message);
    });
    return () => {
      live = false;
    };
  }, [refreshKey]);

  if (error) return <p className="text-xs text-rose-700">Recent conversations could not be listed: {error}</p>;
  if (!rows || rows.length === 0) return null;
  return (
    <details data-testid="recent-conversations" className="text-xs" open={currentId === null}>
      <summary className="cursor-pointer text-slate-700">Recent conversations ({rows.length})</summary>
      <ul className="mt-1 space-y-0.5">
        {rows.map((row) => (
          <RecentConversationRow
            key={row.id}
            row={row}
            current={row.id === currentId}
            onOpen={onOpen}
            onDeleting={onDeleting}
            onDeleteFailed={onDeleteFailed}
            onDeleted={(id) => {
              setRows((previous) => previous?.filter((entry) => entry.id !== id) ?? null);
              onDeleted(id);
            }}
          />
        ))}
      </ul>
    </details>
  );
}
