'use client';

import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { indentWithTab } from '@codemirror/commands';
import { EDITOR_HIGHLIGHTING, EDITOR_THEME } from '@/lib/ui/client/editor-theme';

interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Shift+Enter or Ctrl/Cmd+Enter. */
  onRun: () => void;
  readOnly?: boolean;
  label?: string;
}

/** CodeMirror 6 with Python highlighting. The view is created once; outside value changes are pushed into it. */
export function CodeEditor({ value, onChange, onRun, readOnly = false, label = 'Python code' }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  // Keymaps are bound once at creation; refs keep them calling the latest callbacks.
  const onChangeRef = useRef(onChange);
  const onRunRef = useRef(onRun);
  onChangeRef.current = onChange;
  onRunRef.current = onRun;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once; later `value`s flow through the effect below
  useEffect(() => {
    if (!hostRef.current) return;
    // A key binding that returns true has handled the key.
    const runFromKey = (): boolean => {
      onRunRef.current();
      return true;
    };
    const view = new EditorView({
      parent: hostRef.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          keymap.of([
            { key: 'Mod-Enter', preventDefault: true, run: runFromKey },
            // Shift+Enter runs too, as in Jupyter and marimo (a new line is plain Enter).
            { key: 'Shift-Enter', preventDefault: true, run: runFromKey },
            indentWithTab,
          ]),
          basicSetup,
          python(),
          EDITOR_THEME,
          EDITOR_HIGHLIGHTING,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorState.readOnly.of(readOnly),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [readOnly, label]);

  useEffect(() => {
    const view = viewRef.current;
    if (view && view.state.doc.toString() !== value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={hostRef} data-testid="code-editor" className="overflow-hidden rounded-md border border-slate-300 bg-white" />;
}
