import { describe, expect, it, vi } from 'vitest';
import { makeXlsx } from './test-support/make-xlsx';
import { parseXlsx } from './xlsx-parse';

/** Workbooks are parsed in a worker thread: the event loop keeps serving while a big one is parsed. */

function bigWorkbook(rows: number): Uint8Array {
  const data: (string | number)[][] = [['id', 'label', 'value']];
  for (let index = 0; index < rows; index += 1) data.push([index, `label ${index % 977}`, index * 0.5]);
  return makeXlsx({ sheets: [{ name: 'Big', rows: data }] });
}

describe('parseXlsx (worker thread)', () => {
  it('returns the sheets, checked, without parsing on this thread', async () => {
    const warn = vi.spyOn(console, 'warn');
    const parsed = await parseXlsx({
      bytes: makeXlsx({
        sheets: [
          {
            name: 'S',
            rows: [
              ['a', 'b'],
              [1, new Date(Date.UTC(2024, 0, 2))],
            ],
          },
        ],
      }),
      deadlineMs: 20_000,
    });
    expect(parsed).toEqual({
      ok: true,
      sheets: [
        {
          sheet: 'S',
          data: [
            ['a', 'b'],
            [1, new Date(Date.UTC(2024, 0, 2))],
          ],
        },
      ],
    });
    // No fallback to the main thread happened.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('keeps the event loop free while a large workbook is parsed', async () => {
    const bytes = bigWorkbook(60_000);
    let worstLag = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    const parsed = await parseXlsx({ bytes, deadlineMs: 60_000 });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(parsed.ok && parsed.sheets[0]?.data.length).toBe(60_001);
    // The parse itself takes a while; the timers kept firing meanwhile.
    expect(took).toBeGreaterThan(200);
    // Parsed on this thread, the worst lag would be the whole parse; a third of it allows for a busy machine.
    expect(worstLag).toBeLessThan(took / 3);
  });

  it('refuses at its deadline, and a workbook that is not one', async () => {
    expect(await parseXlsx({ bytes: bigWorkbook(60_000), deadlineMs: 50 })).toMatchObject({ ok: false, reason: 'timeout' });
    expect(await parseXlsx({ bytes: new TextEncoder().encode('PK\u0003\u0004 not really a zip'), deadlineMs: 20_000 })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
