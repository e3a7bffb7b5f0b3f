'use client';

import { useEffect, useRef } from 'react';

/**
 * Esc anywhere on the page calls `onEscape` while `enabled` (a running turn or editor run), unless something nearer
 * already used the key (an open autocomplete, a menu): those call preventDefault first.
 */
export function useEscapeKey({ enabled, onEscape }: { enabled: boolean; onEscape: () => void }): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      latest.current();
    };
    // Bubbling phase on the document: CodeMirror and form controls handle their own Esc first.
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
