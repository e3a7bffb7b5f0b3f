import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The id Next gave each server action of `filename` in this build (its server-reference manifest), by exported name. */
function actionIdsOf(filename: string): Record<string, string> {
  const manifest = z
    .object({ node: z.record(z.string(), z.object({ filename: z.string().optional(), exportedName: z.string().optional() }).loose()) })
    .loose()
    .parse(JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')));
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === filename && entry.exportedName) ids[entry.exportedName] = id;
  }
  return ids;
}

/** The dataset actions' ids, by exported name. */
export function datasetActionIds(): Record<string, string> {
  return actionIdsOf('lib/files/actions.ts');
}

/** The Ask step's actions' ids (lib/ask/actions.ts): ask, repair, cancelAsk. */
export function askActionIds(): Record<string, string> {
  return actionIdsOf('lib/ask/actions.ts');
}
