'use server';

import { runAsk, runRepair } from '@/lib/ask/server/ask-pipeline';
import { askRequestSchema, repairRequestSchema, type AskRequest, type RepairRequest } from '@/lib/ask/contracts';
import type { AskActionInput, AskActionResult, AskRefusal } from './ask-events';
import { cancelEventRun, runEventAction } from './server/event-actions';

// The Ask step's server actions: select files + write code, repair it, and Cancel either. Each returns plain data:
// the events as a stream (React's Flight protocol streams them to the page as they are produced), or a refusal. The
// input is parsed on the server whatever its type says; the caller comes from the session (lib/access/server/caller.ts),
// never from the input; the Origin check is proxy.ts's. The page names each call with a run id so Cancel can name it.

/** Select the files (an LLM call only when there is a choice) and write the code: provider, selection, context, code-delta…, plan | error. */
export async function ask(input: AskActionInput<AskRequest>): Promise<AskActionResult> {
  return runEventAction({ input, schema: askRequestSchema, run: runAsk });
}

/** Rewrite failed code (one LLM call, or a local column fix): provider, context, code-delta…, plan with `change` | error. */
export async function repair(input: AskActionInput<RepairRequest>): Promise<AskActionResult> {
  return runEventAction({ input, schema: repairRequestSchema, run: runRepair });
}

/** Cancel: stop the caller's ask or repair call `runId`, and the model call it is waiting on. */
export async function cancelAsk(input: { runId: string }): Promise<{ ok: true } | AskRefusal> {
  return cancelEventRun({ input });
}
