'use client';

import { useEffect, useRef } from 'react';

/**
 * A toolbar's roving tab stop (WAI-ARIA toolbar pattern): of the container's buttons only one is in the tab order (the
 * last one used, at first the first), and Left/Right/Home/End move between them. A list of files with six buttons
 * per row thus costs one Tab per row instead of six. Buttons inside a form or a dialog of the container (a rename
 * field's Save, a delete confirmation) stay ordinary tab stops: they are where the keyboard must land next.
 */
const ITEMS = 'button:not([disabled]):not(form button):not([role=alertdialog] button)';

export function useRovingFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let current: HTMLElement | null = null;
    const items = () => Array.from(container.querySelectorAll<HTMLElement>(ITEMS));
    const sync = () => {
      const list = items();
      if (!current || !list.includes(current)) current = list[0] ?? null;
      for (const item of list) item.tabIndex = item === current ? 0 : -1;
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement && items().includes(event.target)) {
        current = event.target;
        sync();
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const list = items();
      const active = document.activeElement;
      const index = active instanceof HTMLElement ? list.indexOf(active) : -1;
      if (index < 0) return;
      const next =
        event.key === 'ArrowRight'
          ? list[(index + 1) % list.length]
          : event.key === 'ArrowLeft'
            ? list[(index - 1 + list.length) % list.length]
            : event.key === 'Home'
              ? list[0]
              : event.key === 'End'
                ? list[list.length - 1]
                : undefined;
      if (!next) return;
      event.preventDefault();
      next.focus();
    };
    // Buttons come and go (Rename, Delete's confirmation) and get disabled: keep exactly one tab stop.
    const observer = new MutationObserver(sync);
    observer.observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    container.addEventListener('focusin', onFocusIn);
    container.addEventListener('keydown', onKeyDown);
    sync();
    return () => {
      observer.disconnect();
      container.removeEventListener('focusin', onFocusIn);
      container.removeEventListener('keydown', onKeyDown);
    };
  }, []);
  return ref;
}
