'use client';

import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Preset } from '@/lib/ask/contracts';
import { QUESTION_INPUT_ID } from './question-input-id';

interface QuestionBoxProps {
  disabled: boolean;
  /** Columns of the dataset the presets apply to (the first pinned or only dataset); empty hides "Predict". */
  presetColumns: string[];
  /** The analyst's ready files and the pinned ones: "Explore" needs to know which one, never a silent pick. */
  files: { id: string; displayName: string }[];
  pinnedIds: string[];
  /** `exploreId`: the one file the Explore preset is about (the request pins it). */
  onAsk: (args: { question: string; preset?: Preset; exploreId?: string }) => void;
}

/** The question, Enter to ask (Shift+Enter for a new line), plus the two presets that work with or without an LLM. */
export function QuestionBox({ disabled, presetColumns, files, pinnedIds, onAsk }: QuestionBoxProps) {
  const [question, setQuestion] = useState('');
  const [exploreChoice, setExploreChoice] = useState('');
  const explore = exploreTarget({ files, pinnedIds, choice: exploreChoice });
  const [target, setTarget] = useState('');
  const [task, setTask] = useState<'classification' | 'regression'>('classification');
  const chosenTarget = presetColumns.includes(target) ? target : (presetColumns[presetColumns.length - 1] ?? '');

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = question.trim();
    if (!trimmed || disabled) return;
    onAsk({ question: trimmed });
    setQuestion('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form onSubmit={submit} className="space-y-2">
      <div className="flex gap-2">
        <textarea
          id={QUESTION_INPUT_ID}
          data-testid="question-input"
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
          maxLength={2000}
          placeholder="Ask a question about your data, e.g. “average revenue by region”"
          aria-label="Question"
          className="min-w-0 flex-1 resize-y rounded-md border border-slate-300 p-2 text-sm"
        />
        <button
          type="submit"
          data-testid="ask-submit"
          disabled={disabled || !question.trim()}
          className="self-end rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          Ask
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <button
          type="button"
          data-testid="preset-explore"
          disabled={disabled || !explore.file}
          onClick={() => explore.file && onAsk({ question: `Explore ${explore.file.displayName}`, preset: { kind: 'explore' }, exploreId: explore.file.id })}
          className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50"
        >
          {explore.file && !explore.needsChoice ? `Explore ${explore.file.displayName}` : 'Explore a file'}
        </button>
        {explore.needsChoice ? (
          <select
            data-testid="explore-file"
            aria-label="File to explore"
            value={explore.file?.id ?? ''}
            onChange={(event) => setExploreChoice(event.target.value)}
            className="max-w-[14rem] truncate rounded border border-slate-300 px-1 py-0.5"
          >
            <option value="">Choose a file…</option>
            {files.map((file) => (
              <option key={file.id} value={file.id}>
                {file.displayName}
              </option>
            ))}
          </select>
        ) : null}
        {presetColumns.length > 0 ? (
          <span className="flex min-w-0 flex-wrap items-center gap-1">
            <button
              type="button"
              data-testid="preset-predict"
              disabled={disabled || !chosenTarget}
              onClick={() => onAsk({ question: `Predict ${chosenTarget} (${task})`, preset: { kind: 'predict', target: chosenTarget, task } })}
              className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50"
            >
              Predict a column
            </button>
            <select
              aria-label="Column to predict"
              value={chosenTarget}
              onChange={(event) => setTarget(event.target.value)}
              className="min-w-0 max-w-40 rounded border border-slate-300 px-1 py-0.5"
            >
              {presetColumns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
            <select
              aria-label="Task"
              value={task}
              onChange={(event) => setTask(event.target.value === 'regression' ? 'regression' : 'classification')}
              className="rounded border border-slate-300 px-1 py-0.5"
            >
              <option value="classification">classification</option>
              <option value="regression">regression</option>
            </select>
          </span>
        ) : null}
      </div>
    </form>
  );
}

/**
 * Which file "Explore" is about: the only file, else the one pinned file, else the analyst's choice among several
 * (a pick the analyst did not make is how a run once explored the wrong file).
 */
function exploreTarget({ files, pinnedIds, choice }: { files: { id: string; displayName: string }[]; pinnedIds: string[]; choice: string }): {
  file: { id: string; displayName: string } | undefined;
  needsChoice: boolean;
} {
  if (files.length === 1) return { file: files[0], needsChoice: false };
  const pinned = files.filter((file) => pinnedIds.includes(file.id));
  if (pinned.length === 1) return { file: pinned[0], needsChoice: false };
  return { file: files.find((file) => file.id === choice), needsChoice: files.length > 1 };
}
