'use client';

import { useEffect, useState } from 'react';

interface CopyButtonProps {
  text: string;
  label: string;
  testId?: string;
  /** Selected when the clipboard API is refused, so the viewer can copy by hand. */
  fallbackTarget?: () => HTMLElement | null;
}

/** Copies `text`; says "Copied" for a moment, or asks for Ctrl+C when the browser refuses clipboard access. */
export function CopyButton({ text, label, testId, fallbackTarget }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context and, in some browsers, a permission: fall back to a selection.
      const target = fallbackTarget?.();
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) target.select();
      else if (target) window.getSelection()?.selectAllChildren(target);
      setState('manual');
    }
  };

  return (
    <button
      type="button"
      data-testid={testId}
      data-state={state}
      onClick={() => void copy()}
      className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100"
    >
      {state === 'copied' ? 'Copied' : state === 'manual' ? 'Press Ctrl+C to copy' : label}
    </button>
  );
}
