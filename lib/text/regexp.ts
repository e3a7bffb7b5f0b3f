/**
 * Untrusted text inside a regular expression (a column name, a phrase, a key from an error message): every character
 * the RegExp syntax gives meaning to is escaped, so the text matches only itself.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
