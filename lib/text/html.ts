/**
 * Text into HTML that is written as a string (the notebook's text/html table, the share-unavailable and embed pages,
 * the embed snippet, chart tooltips), where React's escaping does not apply. Guarantee: the result is text in an
 * element's content or in a quoted attribute value (single or double quotes) and can neither close it nor open
 * markup or an entity. In a URL attribute it only keeps the value inside its quotes (an escaped `javascript:` URL is
 * still one: whether a URL is safe is the caller's check); never use it for script or style content. Runs anywhere,
 * pure.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with & < > " ' as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
