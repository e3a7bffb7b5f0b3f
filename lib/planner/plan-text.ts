import { singleLineText } from '@/lib/text/invisible-characters';
import { shortText } from '@/lib/text/cut-text';

/**
 * Column names in the offline planner's plans. Column names are user data and can carry quotes, backslashes,
 * newlines or a prompt injection: in code they appear only as literals from lib/text/python-literal.ts; here they are
 * checked against the kernel policy and shortened for prose.
 */

/**
 * Whether the kernel's static policy would accept this text as a string constant. The policy refuses string
 * constants that spell a dunder access (format fields like "{0.__class__}"), which a hostile column name can do on
 * purpose. This check is deliberately broader than the policy's (any `__word__` at all), so a name it lets through
 * is never refused; columns it rejects are left out of plans, with a note, instead of producing code that fails.
 */
export function isPolicySafeText(value: string): boolean {
  return !/__[\p{L}\p{N}_]+?__/u.test(value.normalize('NFKC'));
}

const DISPLAY_MAX = 40;

/** Column names for prose (the plan line, messages): one line, bounded, quoted. Never used in code. */
export function displayName(value: string): string {
  const oneLine = singleLineText(value).trim();
  return `"${shortText(oneLine, DISPLAY_MAX)}"`;
}
