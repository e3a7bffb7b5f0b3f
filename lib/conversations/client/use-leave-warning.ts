'use client';

import { useEffect } from 'react';

/**
 * Asks the browser to confirm leaving the page while `unsaved` (a question running, an autosave pending or failed).
 * Browsers show their own wording; setting returnValue is what Chromium and Safari still require.
 */
export function useLeaveWarning({ unsaved }: { unsaved: boolean }): void {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
