'use client';

import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Preset } from '@/lib/ai/contracts';
import { QUESTION_INPUT_ID } from './question-input-id';

interface QuestionBoxProps {
  disabled: boolean;
  /** Columns of the dataset the presets apply to (the first pinned or only dataset); empty hides "Predict". */
  presetColumns: string[];
  onAsk: (args: { question: string; preset?: Preset }) => void;
}

/** The question, Enter to ask (Shift+Enter for a new line), plus the two presets that work with or without an LLM. */
export function QuestionBox({ disabled, presetColumns, onAsk }: QuestionBoxProps) {
  const [question, setQuestion] = useState('');
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
        <button type="submit" data-testid="ask-submit" disabled={disabled || !question.trim()} className="self-end rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50">
          Ask
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <button
          type="button"
          data-testid="preset-explore"
          disabled={disabled}
          onClick={() => onAsk({ question: 'Explore this dataset', preset: { kind: 'explore' } })}
          className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50"
        >
          Explore this dataset
        </button>
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
            <select aria-label="Column to predict" value={chosenTarget} onChange={(event) => setTarget(event.target.value)} className="min-w-0 max-w-40 rounded border border-slate-300 px-1 py-0.5">
              {presetColumns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
            <select aria-label="Task" value={task} onChange={(event) => setTask(event.target.value === 'regression' ? 'regression' : 'classification')} className="rounded border border-slate-300 px-1 py-0.5">
              <option value="classification">classification</option>
              <option value="regression">regression</option>
            </select>
          </span>
        ) : null}
      </div>
    </form>
  );
}
