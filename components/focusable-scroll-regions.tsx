'use client';

import { useEffect } from 'react';

/** Boxes that may scroll: code and output (<pre>) and the overflow-auto wrappers of tables and schemas. */
const SCROLL_BOXES = 'pre, [class*="overflow-auto"], [class*="overflow-x-auto"], [class*="overflow-y-auto"]';
const FOCUSABLE = 'a[href], button, input, select, textarea, [contenteditable], [tabindex]';
/** Marks the boxes this component made focusable, so it can take the tab stop back when they stop scrolling. */
const MARK = 'data-scroll-focus';

function markScrollRegions(): void {
  for (const box of document.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    const marked = box.hasAttribute(MARK);
    if (!marked && box.hasAttribute('tabindex')) continue;
    const reachable = box.querySelector(FOCUSABLE) !== null;
    if (scrolls && !reachable && !marked) {
      box.tabIndex = 0;
      box.setAttribute(MARK, '');
    } else if (marked && (!scrolls || reachable)) {
      box.removeAttribute('tabindex');
      box.removeAttribute(MARK);
    }
  }
}

/**
 * A box whose content scrolls (a long printed line, a wide table, long code) must be reachable by keyboard, or a
 * keyboard user cannot scroll it (WCAG 2.1.1; axe's scrollable-region-focusable). Rather than each output component
 * remembering to, this gives every scroll box on the page a tab stop while, and only while, it actually scrolls and
 * has nothing focusable inside. Rendered once by the root layout; it re-checks after DOM changes and resizes.
 */
export function FocusableScrollRegions(): null {
  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        markScrollRegions();
      });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, []);
  return null;
}
