import 'server-only';

/**
 * What the two code-writing calls (generate, repair) share around callStructured: the streaming of the code as it
 * is written.
 */

/**
 * An `onPartial` for a structured call whose object has a `code` field: `onCode` receives the whole code so far,
 * each time it grows (partials repeat while other fields stream; the page needs only the changes).
 */
export function streamCode(onCode: (code: string) => void): (partial: { code?: unknown }) => void {
  let streamed = '';
  return (partial) => {
    if (typeof partial.code === 'string' && partial.code !== streamed) {
      streamed = partial.code;
      onCode(streamed);
    }
  };
}
