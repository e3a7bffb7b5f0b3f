'use client';

import { useState } from 'react';
import { deleteConversationRemote } from '@/lib/conversations/client/conversation-api';
import type { ConversationSummary } from '@/lib/conversations/conversation-record';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const button = 'rounded border border-slate-300 px-1.5 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50';

/** One saved conversation: its title opens it; Delete asks once, then removes it for good (record and list entry). */
export function RecentConversationRow({
  row,
  current,
  onOpen,
  onDeleting,
  onDeleted,
  onDeleteFailed,
}: {
  row: ConversationSummary;
  current: boolean;
  onOpen: (id: string) => void;
  /** Before the delete is sent: the workspace stops saving this conversation and waits for a save on the wire. */
  onDeleting: (id: string) => Promise<void>;
  onDeleted: (id: string) => void;
  onDeleteFailed: (id: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    await onDeleting(row.id);
    const deleted = await deleteConversationRemote({ id: row.id });
    setBusy(false);
    if (deleted.ok) onDeleted(row.id);
    else {
      onDeleteFailed(row.id);
      setError(deleted.message);
    }
  };

  return (
    <li data-testid="recent-conversation-row" className="flex flex-wrap items-center gap-1">
      <a
        href={`/?c=${row.id}`}
        data-testid="recent-conversation"
        aria-current={current ? 'true' : undefined}
        onClick={(event) => {
          event.preventDefault();
          onOpen(row.id);
        }}
        className={`block min-w-0 flex-1 truncate rounded px-1 py-0.5 hover:bg-slate-100 ${current ? 'font-medium text-slate-900' : 'text-sky-800'}`}
      >
        {row.title}
        <span className="ml-2 text-slate-500">
          {row.questionCount} question{row.questionCount === 1 ? '' : 's'} · {when(row.updatedAt)}
        </span>
      </a>
      {confirming ? (
        <span className="flex items-center gap-1">
          Delete this conversation{current ? ' (open now)' : ''} permanently?
          <button
            type="button"
            data-testid="recent-conversation-delete-confirm"
            disabled={busy}
            className={`${button} border-rose-400 text-rose-700`}
            onClick={() => void remove()}
          >
            Delete
          </button>
          <button type="button" disabled={busy} className={button} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          data-testid="recent-conversation-delete"
          aria-label={`Delete the conversation “${row.title}”`}
          className={button}
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
        >
          Delete
        </button>
      )}
      {error ? (
        <p role="alert" className="basis-full text-rose-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
