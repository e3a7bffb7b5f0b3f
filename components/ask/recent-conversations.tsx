'use client';

import { useEffect, useState } from 'react';
import { listRecentConversations } from '@/lib/conversations/client/conversation-api';
import type { ConversationSummary } from '@/lib/conversations/conversation-record';

interface RecentConversationsProps {
  /** The open conversation (marked in the list). */
  currentId: string | null;
  /** Changes after every autosave, so the list shows new titles and order. */
  refreshKey: string | null;
  onOpen: (id: string) => void;
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** This owner's autosaved conversations, newest first, titled by their first question: one click reopens one. */
export function RecentConversations({ currentId, refreshKey, onOpen }: RecentConversationsProps) {
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
          <li key={row.id}>
            <a
              href={`/?c=${row.id}`}
              data-testid="recent-conversation"
              aria-current={row.id === currentId ? 'true' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onOpen(row.id);
              }}
              className={`block truncate rounded px-1 py-0.5 hover:bg-slate-100 ${row.id === currentId ? 'font-medium text-slate-900' : 'text-sky-800'}`}
            >
              {row.title}
              <span className="ml-2 text-slate-500">
                {row.questionCount} question{row.questionCount === 1 ? '' : 's'} · {when(row.updatedAt)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
