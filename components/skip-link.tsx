'use client';

import type { MouseEvent } from 'react';

/**
 * The page's first tab stop: jumps past the header and the data panel's per-file controls to `targetId`. Following
 * a fragment link only moves the sequential-focus starting point in some browsers, so the target is focused outright;
 * the href still works without JavaScript.
 */
export function SkipLink({ targetId, children }: { targetId: string; children: string }) {
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  };
  return (
    <a
      href={`#${targetId}`}
      onClick={jump}
      data-testid="skip-link"
      className="sr-only rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50"
    >
      {children}
    </a>
  );
}
