import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { kernelFrameCsp } = await import('./kernel-frame-document');

function directive(csp: string, name: string): string[] {
  return csp.split(';').map((part) => part.trim().split(/\s+/)).find(([key]) => key === name)?.slice(1) ?? [];
}

describe('the kernel frame CSP', () => {
  const app = 'https://app.example';
  it('is sandboxed, eval-free, and reaches only the kernel files, the mirror and the wheel source', () => {
    const csp = kernelFrameCsp({ appOrigin: app, packagesURL: 'https://cdn.example/pyodide/full/', wheelsURL: 'https://pypi.org/simple/' });
    expect(directive(csp, 'sandbox')).toEqual(['allow-scripts']);
    expect(directive(csp, 'script-src')).toEqual([`${app}/kernel/`, `${app}/pyodide/`, "'wasm-unsafe-eval'"]);
    expect(directive(csp, 'connect-src')).toEqual([`${app}/pyodide/`, 'https://cdn.example/pyodide/full/', 'https://pypi.org', 'https://files.pythonhosted.org/']);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'|'self' /);
  });

  it('keeps the app’s own routes out of reach when wheels are served from the app’s host', () => {
    const csp = kernelFrameCsp({ appOrigin: app, packagesURL: 'https://cdn.example/full/', wheelsURL: `${app}/wheels/simple/` });
    expect(directive(csp, 'connect-src')).toContain(`${app}/wheels/simple/`);
    expect(directive(csp, 'connect-src')).not.toContain(app);
  });
});
