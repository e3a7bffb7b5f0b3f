/** Ordinary standard-library analysis programs that must run 'ok' (the guardrail's false positives), from the JSON
 * shared with the CPython tier; `files` are mounted under /data first. */
import { z } from 'zod';
import raw from './ordinary-programs.json' with { type: 'json' };

export const OrdinaryProgram = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), code: z.string().min(1) });
export type OrdinaryProgram = z.infer<typeof OrdinaryProgram>;

const OrdinaryCorpus = z.object({ files: z.record(z.string(), z.string()), programs: z.array(OrdinaryProgram).min(20) });

const corpus = OrdinaryCorpus.parse(raw);
export const ordinaryPrograms: OrdinaryProgram[] = corpus.programs;
/** File name → text, mounted under /data. */
export const ordinaryFiles: Record<string, string> = corpus.files;
