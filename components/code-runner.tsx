'use client';

import { useCallback, useEffect, useState } from 'react';
import type { RunResult } from '@/workers/kernel-protocol';
import type { UseKernelResult } from '@/lib/kernel/client/use-kernel';
import { useEscapeKey } from '@/lib/ui/client/use-escape-key';
import { CodeEditor } from './code-editor';
import { RunOutput } from './run-output';

const NO_OUTPUT = { stdout: '', stderr: '' };

interface CodeRunnerProps {
  kernel: UseKernelResult;
  initialCode: string;
  /** Default time limit of a run, in seconds (the analyst can change it per session). */
  defaultTimeoutSeconds: number;
  /** Code pushed in from elsewhere ("Open this code in the editor"); a new `version` replaces the editor's content. */
  externalCode?: { code: string; version: number };
}

const TIME_LIMIT_MIN = 1;
const TIME_LIMIT_MAX = 600;

function isTimeLimit({ text }: { text: string }): boolean {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= TIME_LIMIT_MIN && value <= TIME_LIMIT_MAX;
}

/** The time limit the field's text means: clamped to 1–600 s; the last default while the field is empty or not a number. */
function readTimeLimit({ text, fallback }: { text: string; fallback: number }): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) return fallback;
  return Math.min(TIME_LIMIT_MAX, Math.max(TIME_LIMIT_MIN, Math.round(value)));
}

/** The custom-code path: edit Python, Run (Ctrl/Cmd+Enter), Stop, Reset kernel, with the run's outputs below. */
export function CodeRunner({ kernel, initialCode, defaultTimeoutSeconds, externalCode }: CodeRunnerProps) {
  const [code, setCode] = useState(initialCode);
  useEffect(() => {
    if (externalCode) setCode(externalCode.code);
  }, [externalCode]);
  // The field keeps what the analyst typed: clamping on every keystroke turned an emptied field into "1", so typing
  // "45" gave "145". The number is read from the text, and the text is tidied when the field loses focus.
  const [timeLimitText, setTimeLimitText] = useState(String(defaultTimeoutSeconds));
  const timeoutSeconds = readTimeLimit({ text: timeLimitText, fallback: defaultTimeoutSeconds });
  const [result, setResult] = useState<RunResult | null>(null);
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, stop, reset, state, output } = kernel;
  // Esc stops this editor's running code, like its Stop button.
  useEscapeKey({ enabled: running, onEscape: stop });

  const runCode = useCallback(async () => {
    if (running || state.state === 'error') return;
    setRunning(true);
    setResult(null);
    setNotice(null);
    try {
      setResult(await run({ code, timeoutMs: Math.round(timeoutSeconds * 1000) }));
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    } finally {
      setRunning(false);
    }
  }, [code, run, running, state.state, timeoutSeconds]);

  const resetKernel = useCallback(async () => {
    await reset();
    setResult(null);
    setNotice('Kernel reset: every variable was cleared (mounted files stay).');
  }, [reset]);

  return (
    <div className="space-y-3">
      <CodeEditor value={code} onChange={setCode} onRun={() => void runCode()} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          data-testid="run-code"
          onClick={() => void runCode()}
          disabled={running || state.state === 'error'}
          className="rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
          title="Run (Shift+Enter or Ctrl/Cmd+Enter)"
        >
          Run
        </button>
        <button
          type="button"
          data-testid="stop-run"
          onClick={stop}
          disabled={!running}
          title="Stop (Esc)"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100 disabled:opacity-50"
        >
          Stop
        </button>
        <button
          type="button"
          data-testid="reset-kernel"
          onClick={() => void resetKernel()}
          disabled={running || state.state !== 'ready'}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100 disabled:opacity-50"
        >
          Reset kernel
        </button>
        <label className="ml-auto flex items-center gap-1 text-xs text-slate-600">
          Time limit
          <input
            type="number"
            data-testid="time-limit"
            min={TIME_LIMIT_MIN}
            max={TIME_LIMIT_MAX}
            step={1}
            value={timeLimitText}
            aria-invalid={!isTimeLimit({ text: timeLimitText })}
            onChange={(event) => setTimeLimitText(event.target.value)}
            onBlur={() => setTimeLimitText(String(timeoutSeconds))}
            className="w-16 rounded border border-slate-300 px-1 py-0.5 aria-[invalid=true]:border-rose-500"
          />
          s
        </label>
      </div>
      {notice ? (
        <p data-testid="run-notice" className="text-xs text-slate-600">
          {notice}
        </p>
      ) : null}
      {/* The kernel's live output belongs to whoever is running: here only while this editor's own run is going. */}
      <RunOutput live={running ? output : NO_OUTPUT} running={running} result={result} />
    </div>
  );
}
