import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { kernelFrameCsp, requestOrigin } = await import('./kernel-frame-document');

function directive(csp: string, name: string): string[] {
  return (
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .find(([key]) => key === name)
      ?.slice(1) ?? []
  );
}

describe('the kernel frame CSP', () => {
  const app = 'https://app.example';
  it('is sandboxed, eval-free, and reaches only the kernel files, the mirror and the wheel source', () => {
    const csp = kernelFrameCsp({ appOrigin: app, packagesURL: 'https://cdn.example/pyodide/full/', wheelsURL: 'https://pypi.org/simple/' });
    expect(directive(csp, 'sandbox')).toEqual(['allow-scripts']);
    expect(directive(csp, 'script-src')).toEqual([`${app}/kernel/`, `${app}/pyodide/`, "'wasm-unsafe-eval'"]);
    expect(directive(csp, 'connect-src')).toEqual([
      `${app}/pyodide/`,
      'https://cdn.example/pyodide/full/',
      'https://pypi.org',
      'https://files.pythonhosted.org/',
    ]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'|'self' /);
  });

  it('keeps the app’s own routes out of reach when wheels are served from the app’s host', () => {
    const csp = kernelFrameCsp({ appOrigin: app, packagesURL: 'https://cdn.example/full/', wheelsURL: `${app}/wheels/simple/` });
    expect(directive(csp, 'connect-src')).toContain(`${app}/wheels/simple/`);
    expect(directive(csp, 'connect-src')).not.toContain(app);
  });
});

describe('the origin the frame CSP names', () => {
  it('is PUBLIC_ORIGIN when configured, whatever the request says', () => {
    const request = new Request('http://10.0.0.5:3000/kernel/frame', { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } });
    expect(requestOrigin(request, 'https://data.example.com')).toBe('https://data.example.com');
  });

  it('is the Host the request reached, never the forwarded headers a client can write', () => {
    const request = new Request('http://127.0.0.1:3000/kernel/frame', {
      headers: { host: 'localhost:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(requestOrigin(request, undefined)).toBe('http://localhost:3000');
  });

  it('ignores a Host that is not a plain host and port (it would end up inside a CSP header)', () => {
    const request = new Request('http://127.0.0.1:3000/kernel/frame', { headers: { host: "a;script-src 'unsafe-eval'" } });
    expect(requestOrigin(request, undefined)).toBe('http://127.0.0.1:3000');
  });
});
