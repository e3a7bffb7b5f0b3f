import { describe, expect, it } from 'vitest';
import { neutralizeMarkdown } from './markdown-answer';
import { nodesOf, parseMarkdown, visibleText, type MdNode } from './test-support/parse-markdown';

/** The scheme a browser would navigate to for `url` on an https page (WHATWG URL parsing, as in the browser), or null. */
function schemeOf(url: string): string | null {
  try {
    return new URL(url, 'https://page.example/').protocol;
  } catch {
    return null;
  }
}

/** Everything in a parsed answer that can act by itself: raw HTML, images, links and definitions to non-web URLs. */
function active(tree: MdNode): string[] {
  return nodesOf(tree).flatMap((node) => {
    if (node.type === 'html' || node.type === 'image' || node.type === 'imageReference') return [`${node.type} ${node.value ?? node.url ?? ''}`];
    const scheme = node.type === 'link' || node.type === 'definition' ? schemeOf(node.url ?? '') : null;
    return scheme !== null && !['http:', 'https:', 'mailto:'].includes(scheme) ? [`${node.type} ${node.url}`] : [];
  });
}

/** Answers a prompt-injected model could write: each hides a script URL, markup or an image somewhere. */
const HOSTILE: Array<[string, string]> = [
  ['inline javascript link', '[click](javascript:alert(1))'],
  ['upper-case scheme', '[click](JavaScript:alert(1))'],
  ['angle-bracket destination', '[click](<javascript:alert(1)>)'],
  ['destination on the next line', '[click](\njavascript:alert(1))'],
  ['entity-encoded scheme', '[click](&#106;avascript:alert(1)) and [x](&#x6A;avascript:1)'],
  ['tab inside the scheme', '[click](<java\tscript:alert(1)>) [y](java&#9;script:1)'],
  ['vbscript and data', '[a](vbscript:msgbox) [b](data:text/html;base64,PHNjcmlwdD4=)'],
  ['autolink', '<javascript:alert(1)>'],
  ['reference definition', '[click]\n\n[click]: javascript:alert(1)'],
  ['definition in a quote', '> [x]: javascript:alert(1)\n\n[x]'],
  ['definition in a list item', '- item\n\n  [y]: <vbscript:1>\n\n[y]'],
  ['definition with a label over two lines', '[a\nb]: javascript:1\n\n[a b]'],
  ['nested links', '[a [b](javascript:1)](javascript:2)'],
  ['image to link to script', '![x](javascript:alert(1))'],
  ['image with data URL', '![](data:image/png;base64,AAAA)'],
  ['link in a table cell', '| a | [x](javascript:1) |\n| --- | --- |\n| 1 | <img src=x onerror=alert(1)> |'],
  ['code span that does not close where it seems', '`a [x](javascript:1) ``b``'],
  ['image hidden the same way', '`a ![x](https://evil/p.png) ``b``'],
  ['HTML hidden the same way', '`a <img src=x onerror=alert(1)> ``b``'],
  ['fence that is not one', '```a`b\n<img src=x onerror=alert(1)>\n[x](javascript:1)'],
  ['raw HTML block', '<div onmouseover="alert(1)">\n\n*hi*\n\n</div>'],
  ['many links', `${'[x](javascript:alert(1)) '.repeat(500)}end`],
];

describe('neutralizeMarkdown', () => {
  it.each(HOSTILE)('leaves nothing that acts: %s', (_name, markdown) => {
    const tree = parseMarkdown(neutralizeMarkdown(markdown));
    expect(active(tree)).toEqual([]);
  });

  it('shows a neutralised link as the text that was written', () => {
    const tree = parseMarkdown(neutralizeMarkdown('Go [here](javascript:alert(1)) now.'));
    expect(visibleText(tree)).toBe('Go [here](javascript:alert(1)) now.');
  });

  it('keeps safe links, formatting, tables and code as written', () => {
    const answer = [
      '**Revenue** rose by _12%_ ([source](https://example.com/report), [mail](mailto:a@example.com), [top](#top)).',
      '',
      '| region | sales |',
      '| --- | --- |',
      '| Nord | 5.5 |',
      '',
      '- one',
      '- two with `df["a"](x)`',
      '',
      '```python',
      'print("<b>[x](javascript:1)</b>")',
      '```',
    ].join('\n');
    const tree = parseMarkdown(neutralizeMarkdown(answer));
    expect(nodesOf(tree, 'link').map((node) => node.url)).toEqual(['https://example.com/report', 'mailto:a@example.com', '#top']);
    expect(nodesOf(tree, 'strong').map(visibleText)).toEqual(['Revenue']);
    expect(nodesOf(tree, 'emphasis').map(visibleText)).toEqual(['12%']);
    expect(nodesOf(tree, 'table')).toHaveLength(1);
    expect(nodesOf(tree, 'listItem')).toHaveLength(2);
    expect(nodesOf(tree, 'inlineCode').map((node) => node.value)).toEqual(['df["a"](x)']);
    expect(nodesOf(tree, 'code').map((node) => node.value)).toEqual(['print("<b>[x](javascript:1)</b>")']);
  });

  it('turns images into links that are fetched only on a click', () => {
    const tree = parseMarkdown(neutralizeMarkdown('![chart](https://evil/a.png?s=1) and ![](https://evil/d.png)'));
    expect(nodesOf(tree, 'image')).toEqual([]);
    expect(nodesOf(tree, 'link').map((node) => [visibleText(node), node.url])).toEqual([
      ['chart', 'https://evil/a.png?s=1'],
      ['image', 'https://evil/d.png'],
    ]);
  });

  it('still leaves nothing that acts when links are nested too deep to unpick', () => {
    const deep = `${'['.repeat(40)}x${'](javascript:1)'.repeat(40)}`;
    const tree = parseMarkdown(neutralizeMarkdown(deep));
    expect(active(tree)).toEqual([]);
    expect(visibleText(tree)).toBe(deep);
  });
});
