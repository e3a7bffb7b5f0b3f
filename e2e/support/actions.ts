import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The id Next gave each dataset action in this build (its server-reference manifest), by exported name. */
export function datasetActionIds(): Record<string, string> {
  const manifest = z
    .object({ node: z.record(z.string(), z.object({ filename: z.string().optional(), exportedName: z.string().optional() }).loose()) })
    .loose()
    .parse(JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')));
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === 'lib/files/actions.ts' && entry.exportedName) ids[entry.exportedName] = id;
  }
  return ids;
}
