import { describe, expect, it } from 'vitest';
import { codeBlock, codeFence, escapeMarkdownInline, escapeMarkdownText, escapeTableCell } from './markdown';
import { nodesOf, parseMarkdown, visibleText, type MdNode } from './test-support/parse-markdown';

/** Plain text that Markdown would otherwise turn into markup, links, images, HTML, code or math. */
const HOSTILE = [
  '[x](javascript:alert(1))',
  '[x]: javascript:alert(1)',
  '[x][ref] and [ref] and [^1] footnote',
  '![x](http://evil/p.png) and ![](data:image/png;base64,AAAA)',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- c --> <https://evil.example>',
  'https://example.com/a_b*c?d=1&e=~2 and www.example.com/x_y and mail@example.com and mailto:a@b.c',
  '| a | b |',
  'a|b\\|c',
  '`code` ```fence``` ~~~',
  '*em* **strong** _u_ __s__ ~~del~~',
  '# heading',
  '###### h6',
  '- list',
  '+ list',
  '* list',
  '- [ ] task',
  '1. list',
  '12) list',
  '> quote',
  '---',
  '***',
  '___',
  '===',
  '    indented code',
  '\tindented with a tab',
  '$x$ math $$y$$',
  '&amp; &lt; &#106; &#x6A;',
  '\\[already escaped\\] and a backslash at the end \\',
  'bidi \u202eevil\u202c and \u2066isolate\u2069 and zero\u200bwidth',
  'nul \u0000 bell \u0007 esc \u001b[31m c1 \u0085\u009b del \u007f',
  'line\nbreaks\r\nof\revery kind',
  'spaces  inside   stay',
  `${'[x](javascript:alert(1)) '.repeat(2_000)}end`,
];

/** What a reader should see: controls as spaces; whitespace runs do not matter to Markdown, so they are folded. */
function expectedText(text: string): string {
  return fold(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function types(tree: MdNode): Set<string> {
  return new Set(nodesOf(tree).map((node) => node.type));
}

/**
 * Node types beyond `allowed`, where a link counts only if it is GFM's link on an address the text spells out: a web
 * or mail URL whose shown text is exactly that address.
 */
function unexpected({ tree, allowed, text }: { tree: MdNode; allowed: string[]; text: string }): string[] {
  return nodesOf(tree).flatMap((node) => {
    if (allowed.includes(node.type)) return [];
    const shown = visibleText(node);
    const spelled =
      node.type === 'link' &&
      /^(?:https?:\/\/|mailto:)/.test(node.url ?? '') &&
      text.includes(shown) &&
      [node.url, node.url?.replace(/^mailto:/, ''), node.url?.replace(/^http:\/\/(?=www\.)/, '')].includes(shown);
    return spelled ? [] : [`${node.type} ${node.url ?? ''}`];
  });
}

describe('escapeMarkdownText', () => {
  it.each(HOSTILE.map((text) => [JSON.stringify(text.slice(0, 50)), text]))('renders %s as exactly its text, with no markup', (_label, text) => {
    const tree = parseMarkdown(escapeMarkdownText(text));
    expect(unexpected({ tree, allowed: ['root', 'paragraph', 'text', 'break'], text })).toEqual([]);
    expect(fold(visibleText(tree))).toBe(expectedText(text));
  });

  it('keeps one line per line of text, indentation and all', () => {
    const tree = parseMarkdown(escapeMarkdownText('first\n    second *x*\n\tthird'));
    expect(nodesOf(tree, 'paragraph')).toHaveLength(1);
    expect(visibleText(tree)).toBe('first\nsecond *x*\nthird');
  });
});

describe('escapeMarkdownInline', () => {
  it.each(HOSTILE.map((text) => [JSON.stringify(text.slice(0, 50)), text]))('keeps %s on one line as plain text', (_label, text) => {
    const tree = parseMarkdown(`Value: ${escapeMarkdownInline(text)}`);
    expect(tree.children?.map((node) => node.type)).toEqual(['paragraph']);
    expect(unexpected({ tree, allowed: ['root', 'paragraph', 'text'], text })).toEqual([]);
    expect(fold(visibleText(tree))).toBe(fold(`Value: ${expectedText(text)}`));
  });
});

describe('escapeTableCell', () => {
  it('keeps hostile cells in their own cell, as exactly their text', () => {
    const rows = HOSTILE.map((text) => [text, `${text.length}`]);
    const markdown = ['| text | length |', '| --- | --- |', ...rows.map((row) => `| ${row.map(escapeTableCell).join(' | ')} |`)].join('\n');
    const tree = parseMarkdown(markdown);
    const [table, ...others] = tree.children ?? [];
    expect(others).toEqual([]);
    expect(table?.type).toBe('table');
    const parsedRows = (table?.children ?? []).slice(1);
    expect(parsedRows).toHaveLength(rows.length);
    parsedRows.forEach((row, index) => {
      const cells = row.children ?? [];
      expect(cells).toHaveLength(2);
      const html = nodesOf(row, 'html').map((node) => node.value);
      expect(html.every((value) => value === '<br>')).toBe(true);
      expect(unexpected({ tree: row, allowed: ['tableRow', 'tableCell', 'text', 'html'], text: rows[index]![0]! })).toEqual([]);
      expect(fold(visibleText(cells[0]!))).toBe(expectedText(rows[index]![0]!));
    });
    expect(escapeTableCell('a|b\nc')).toBe('a\\|b<br>c');
  });

  it('lets GFM link an address the text spells out, shown exactly as written', () => {
    const text = 'see https://example.com/a_b*c?d=1&e=~2 or a_b@example.com';
    const tree = parseMarkdown(escapeMarkdownText(text));
    expect(nodesOf(tree, 'link').map((node) => [node.url, visibleText(node)])).toEqual([
      ['https://example.com/a_b*c?d=1&e=~2', 'https://example.com/a_b*c?d=1&e=~2'],
      ['mailto:a_b@example.com', 'a_b@example.com'],
    ]);
    expect(visibleText(tree)).toBe(text);
  });
});

describe('codeBlock', () => {
  it('holds any text verbatim, fences and closing tags included', () => {
    for (const text of ['a\n````\nb', '```\n~~~\n</script>\n[x](javascript:1)', '`'.repeat(40), 'trailing\n\n\n']) {
      const tree = parseMarkdown(codeBlock({ text, language: 'python' }));
      expect(nodesOf(tree, 'code').map((node) => node.value)).toEqual([text.replace(/\n+$/, '')]);
      expect(types(tree)).toEqual(new Set(['root', 'code']));
    }
    expect(codeFence('a ```` b')).toBe('`````');
  });
});
