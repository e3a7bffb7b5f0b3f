import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '&lt; is already an entity, &amp; too, &#39; and &#x27;',
  '</title><script>',
  '<!-- comment --> <![CDATA[x]]>',
  'bidi \u202e and nul \u0000 and emoji 😀',
  'x'.repeat(100_000),
];

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_entity, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}

describe('escapeHtml', () => {
  it('leaves no character that can end an attribute or open markup, and no entity of its own', () => {
    for (const text of HOSTILE) {
      const escaped = escapeHtml(text);
      expect(escaped).not.toMatch(/[<>"']/);
      // Every & left starts one of the five entities this function writes.
      expect(escaped.replace(/&(?:amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      expect(unescapeHtml(escaped)).toBe(text);
    }
  });

  it('writes the five entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
