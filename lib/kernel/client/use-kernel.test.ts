import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { useKernel } from './use-kernel';

function Probe() {
  const { state, output, client } = useKernel({ frameUrl: '/kernel/frame', indexURL: '/pyodide/', packagesURL: '/packages/' });
  return createElement('div', { 'data-state': state.state, 'data-client': client ? 'yes' : 'no' }, output.stdout);
}

describe('useKernel on the server', () => {
  it('renders the loading state and creates no worker (Worker does not exist here)', () => {
    expect(typeof Worker).toBe('undefined');
    expect(renderToString(createElement(Probe))).toBe('<div data-state="loading" data-client="no"></div>');
  });
});
