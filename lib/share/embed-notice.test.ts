import { describe, expect, it } from 'vitest';
import { EMBED_HEIGHT_MESSAGE } from './embed-snippet';
import { embedNoticeHtml, refusedParentOrigin } from './embed-notice';

const APP = 'https://data.example.com';
const ALLOWED = ['https://blog.example.org'];

function frameNavigation(headers: Record<string, string>): Headers {
  return new Headers({ 'sec-fetch-dest': 'iframe', ...headers });
}

describe('refusedParentOrigin', () => {
  it('names a parent that is not on the allowed list', () => {
    expect(refusedParentOrigin({ headers: frameNavigation({ referer: 'https://evil.example.net/post?id=1' }), appOrigin: APP, allowed: ALLOWED })).toBe(
      'https://evil.example.net',
    );
  });

  it('lets allowed parents, the app itself and unknowable cases through to the real page (whose CSP decides)', () => {
    expect(refusedParentOrigin({ headers: frameNavigation({ referer: 'https://blog.example.org/a' }), appOrigin: APP, allowed: ALLOWED })).toBeNull();
    expect(refusedParentOrigin({ headers: frameNavigation({ referer: `${APP}/analyses` }), appOrigin: APP, allowed: ALLOWED })).toBeNull();
    expect(refusedParentOrigin({ headers: frameNavigation({}), appOrigin: APP, allowed: ALLOWED })).toBeNull();
    expect(refusedParentOrigin({ headers: frameNavigation({ referer: 'not a url' }), appOrigin: APP, allowed: ALLOWED })).toBeNull();
    // A top-level visit is not framing.
    expect(
      refusedParentOrigin({ headers: new Headers({ 'sec-fetch-dest': 'document', referer: 'https://evil.example.net/' }), appOrigin: APP, allowed: ALLOWED }),
    ).toBeNull();
  });
});

describe('embedNoticeHtml', () => {
  it('escapes the text and link, and carries no script without a nonce', () => {
    const html = embedNoticeHtml({ title: '<b>x</b>', message: '"quoted" & <script>alert(1)</script>', theme: 'dark', link: { href: '/a/"x"', text: '<i>' } });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="/a/&quot;x&quot;"');
    expect(html).toContain('data-theme="dark"');
  });

  it('posts its height only to valid allowed origins, with the nonce, and no value can close the script', () => {
    const html = embedNoticeHtml({
      title: 't',
      message: 'm',
      theme: 'light',
      script: { nonce: 'abc', heightTargets: ['https://blog.example.org', 'javascript:alert(1)', 'https://x.example</script><script>alert(1)//'] },
    });
    expect(html).toContain('<script nonce="abc">');
    expect(html).toContain('["https://blog.example.org"]');
    expect(html).toContain(EMBED_HEIGHT_MESSAGE);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('javascript:');
  });
});
