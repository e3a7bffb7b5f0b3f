// Tier 3b: pandas and matplotlib inside Pyodide. Runs only when PYODIDE_PACKAGES_URL points at a reachable mirror
// of Pyodide's packages (scripts/test-all.mjs checks and reports the tier skipped otherwise).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from './kernel-core';
import type { KernelProgress } from './kernel-protocol';
import { bootNodeKernel } from './testing/node-kernel';

const packagesURL = process.env.PYODIDE_PACKAGES_URL;
let kernel: Kernel;

beforeAll(async () => {
  if (!packagesURL) throw new Error('PYODIDE_PACKAGES_URL must be set for the packages tier');
  kernel = await bootNodeKernel({ packagesURL });
});

describe('pandas and matplotlib in Pyodide', () => {
  it('loads pandas on demand with per-package progress and reads a bound CSV', async () => {
    const csv = new TextEncoder().encode('region;revenue\nNorth;1,5\nSouth;2,5\nNorth;3,0\n');
    kernel.mountFiles([
      { name: 'sales.csv', data: csv.buffer.slice(0) as ArrayBuffer, binding: { variable: 'df1', format: 'csv', options: { delimiter: ';', decimal: ',' } } },
    ]);
    const progress: KernelProgress[] = [];
    const result = await kernel.run({ code: 'result = df1.groupby("region")["revenue"].sum()' }, undefined, (event) => progress.push(event));
    expect(result.status).toBe('ok');
    expect(result.packagesLoaded).toContain('pandas');
    expect(progress.some((event) => event.phase === 'package' && event.packageName === 'pandas' && event.state === 'loaded')).toBe(true);
    expect(result.result).toMatchObject({
      kind: 'table',
      columns: ['region', 'revenue'],
      rows: [
        ['North', 4.5],
        ['South', 2.5],
      ],
    });
  });

  it('captures a matplotlib figure as PNG', async () => {
    const result = await kernel.run({ code: 'import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2, 3])' });
    expect(result.status).toBe('ok');
    expect(result.figures).toHaveLength(1);
    expect(Buffer.from(result.figures[0]!.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });
});
