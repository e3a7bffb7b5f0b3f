/**
 * The guardrail red-team corpus, typed: e2e/redteam/guardrail-programs.json is the one source (also read by the
 * CPython tier, workers/python/tests/test_redteam_corpus.py); this module validates it and classifies a run's
 * outcome the same way for the Node/Pyodide tier and Chromium.
 */
import { z } from 'zod';
import raw from './guardrail-programs.json' with { type: 'json' };

export const GuardrailProgram = z.object({
  /** Unique, kebab-case. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** One of DESIGN.md's technique classes. */
  technique: z.string().min(1),
  /** Python, standard library only (no package mirror on the test machines). */
  code: z.string().min(1),
  /** refused: status 'policy', or 'python' with a clear error; contained: runs and prints CONTAINED. */
  expect: z.enum(['refused', 'contained']),
});
export type GuardrailProgram = z.infer<typeof GuardrailProgram>;

export const guardrailPrograms: GuardrailProgram[] = z.object({ programs: z.array(GuardrailProgram).min(60) }).parse(raw).programs;

/** What the classification needs from a run, wherever it ran. */
export interface ObservedRun {
  status: string;
  stdout: string;
  /** The error's type and message as shown (empty when the run has none). */
  errorText: string;
}

export type Outcome = 'refused' | 'contained' | 'escaped' | 'unclear';

/**
 * escaped: the program printed ESCAPED (it only does after reaching its target); refused: status 'policy', or a
 * Python error / timeout with an error shown; contained: it ran and printed CONTAINED; anything else is unclear.
 */
export function classifyRun(run: ObservedRun): Outcome {
  if (run.stdout.includes('ESCAPED')) return 'escaped';
  if (run.status === 'policy') return 'refused';
  if (['python', 'timeout', 'interrupted', 'crashed'].includes(run.status) && run.errorText.trim() !== '') return 'refused';
  if (run.status === 'ok' && run.stdout.includes('CONTAINED')) return 'contained';
  return 'unclear';
}

export interface CorpusRow {
  id: string;
  technique: string;
  expect: string;
  outcome: Outcome;
  status: string;
  detail: string;
}

/** Counts by outcome, and the rows whose outcome is not the expected one (printed, for the report). */
export function summarize(rows: CorpusRow[]): { counts: Record<Outcome, number>; mismatches: CorpusRow[] } {
  const counts: Record<Outcome, number> = { refused: 0, contained: 0, escaped: 0, unclear: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  return { counts, mismatches: rows.filter((row) => row.outcome !== row.expect) };
}

export function formatTable(title: string, rows: CorpusRow[], ordinary: { total: number; falsePositives: string[] }): string {
  const { counts, mismatches } = summarize(rows);
  const byTechnique = new Map<string, Record<Outcome, number>>();
  for (const row of rows) {
    const entry = byTechnique.get(row.technique) ?? { refused: 0, contained: 0, escaped: 0, unclear: 0 };
    entry[row.outcome] += 1;
    byTechnique.set(row.technique, entry);
  }
  const lines = [
    `${title}: ${rows.length} hostile programs — refused ${counts.refused}, contained ${counts.contained}, escaped ${counts.escaped}, unclear ${counts.unclear}`,
    ...[...byTechnique].map(
      ([technique, c]) => `  ${technique.padEnd(42)} refused ${c.refused}  contained ${c.contained}  escaped ${c.escaped}  unclear ${c.unclear}`,
    ),
    `  ordinary programs: ${ordinary.total}, false positives ${ordinary.falsePositives.length}${ordinary.falsePositives.length ? ` (${ordinary.falsePositives.join(', ')})` : ''}`,
    ...mismatches.map((row) => `  not as expected: ${row.id} expected ${row.expect}, got ${row.outcome} (${row.status}: ${row.detail})`),
  ];
  return lines.join('\n');
}
