/**
 * Sentences appended to the plan line so the analyst can check how the question was read: which column a word was
 * taken for when the name differs ("investment" → `invest`), and, when the planner answers something other than
 * what was asked, a sentence starting with NOT_AS_ASKED (the eval counts such an answer as honest, not as correct).
 */
import type { Mention, PlanColumn } from './match-columns';
import { pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import { KEYWORDS, splitWords } from './question-words';
import type { Intent } from './types';
import { shortText } from '@/lib/text/cut-text';

export const NOT_AS_ASKED = 'Not what was asked:';

function intentColumns({ intent }: { intent: Intent }): PlanColumn[] {
  switch (intent.kind) {
    case 'overview':
    case 'explore':
      return [];
    case 'missing':
      return intent.focus ? [intent.focus] : [];
    case 'distribution':
      return [intent.column];
    case 'correlation':
      return intent.columns;
    case 'group-by':
      return [...(intent.value ? [intent.value] : []), ...intent.groups];
    case 'top-n':
      return [intent.metric, intent.entity].filter((column): column is PlanColumn => column !== null);
    case 'trend':
      return [intent.date, intent.value, intent.split].filter((column): column is PlanColumn => column !== null);
    case 'compare':
      return [intent.value, ...(intent.group ? [intent.group] : [])];
    case 'predict':
      return [intent.target];
  }
}

/** ` Read "investment" as the column "invest".` for each column the plan uses that the question did not spell out. */
export function readingNote({ mentions, intent }: { mentions: Mention[]; intent: Intent }): string {
  const used = new Set(intentColumns({ intent }));
  const readings = mentions
    .filter((mention) => mention.readAs !== null && used.has(mention.column))
    .map((mention) => `"${shortText(mention.readAs ?? '', 60)}" as the column ${displayName(mention.column.name)}`);
  return readings.length > 0 ? ` Read ${[...new Set(readings)].join(', ')}.` : '';
}

// Words a question about missing values uses without naming a column.
const MISSING_WORDS = new Set([
  'missing',
  'complete',
  'completeness',
  'incomplete',
  'blank',
  'blanks',
  'empty',
  'nan',
  'nans',
  'na',
  'filled',
  'not',
  'gaps',
  'gap',
  'entries',
  'cells',
  'cell',
  'there',
  'are',
  'any',
  'overall',
  'null',
  'nulls',
  'none',
  'absent',
  'lacking',
  'whole',
]);

/**
 * A missing-values question that names something no column matches ("missing values in 2005" when the years were
 * not read as column names) is answered for every column, and says so rather than passing for an answer about it.
 */
export function unmatchedFocusNote({ question, mentions, intent }: { question: string; mentions: Mention[]; intent: Intent }): string {
  if (intent.kind !== 'missing' || intent.focus !== null) return '';
  const claimed = new Set(mentions.flatMap((mention) => mention.questionWords));
  const unmatched = splitWords(question).filter(
    (word) => !claimed.has(word.index) && !KEYWORDS.has(word.text) && !MISSING_WORDS.has(word.stem) && word.text.length >= 2,
  );
  if (unmatched.length === 0) return '';
  const words = unmatched
    .slice(0, 3)
    .map((word) => word.text)
    .join(' ');
  return ` ${NOT_AS_ASKED} no column matches "${words}"; this counts the missing values of every column.`;
}

/** `print('Note: …')` lines after the imports, one per non-empty note (text as a string literal, never as code). */
export function printNotes({ code, notes }: { code: string; notes: string[] }): string {
  const lines = notes
    .map((note) => note.trim())
    .filter((note) => note.length > 0)
    .map((note) => `print(${pythonString(`Note: ${note}`)})`);
  if (lines.length === 0) return code;
  const at = code.indexOf('\n\n');
  return at < 0 ? `${lines.join('\n')}\n${code}` : `${code.slice(0, at + 1)}${lines.join('\n')}\n${code.slice(at + 1)}`;
}
