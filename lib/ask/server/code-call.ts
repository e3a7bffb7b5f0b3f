import 'server-only';
import type { DatasetBrief } from '../contracts';
import type { ModelCallContext } from '../../llm/server/script-file';

/**
 * What the two code-writing calls (generate, repair) share around callStructured: the files they name and the
 * streaming of the code as it is written.
 */

/** The datasets the code runs against, for scripted models (`{{path:<display name or df1>}}`, see ModelCallContext). */
export function codeCallFiles({ briefs }: { briefs: DatasetBrief[] }): NonNullable<ModelCallContext['files']> {
  return briefs.map((brief) => ({ name: brief.displayName, variable: brief.variable, path: `/data/${brief.fileName}` }));
}

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
