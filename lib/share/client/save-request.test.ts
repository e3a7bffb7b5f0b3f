import { describe, expect, it } from 'vitest';
import { csvBrief, okRun } from '@/lib/ask/test-support/turn-fixture';
import { saveAnalysisInputSchema } from '@/lib/share/save-input';
import { createTurn, type TurnState } from '@/lib/ask/turn-state';
import { buildSaveRequest, datasetBindings, isSavableTurn, readSaveResponse } from './save-request';

const ID_A = 'AAAAAAAAAAAAAAAAAAAAAA';
const ID_B = 'BBBBBBBBBBBBBBBBBBBBBA';

const run = okRun({ stdout: 'hi\n', packagesLoaded: ['pandas', 'numpy'] });

function turn(patch: Partial<TurnState>): TurnState {
  return {
    ...createTurn({ id: 't', question: 'How many rows?' }),
    phase: 'done',
    answer: 'Three.',
    attempts: [{ number: 1, code: 'len(df1)', result: run }],
    ...patch,
  };
}

describe('save request', () => {
  it('saves finished turns, and failed ones only when something ran', () => {
    expect(isSavableTurn(turn({}))).toBe(true);
    expect(isSavableTurn(turn({ phase: 'running' }))).toBe(false);
    expect(isSavableTurn(turn({ phase: 'failed', attempts: [] }))).toBe(false);
    expect(isSavableTurn(turn({ phase: 'failed' }))).toBe(true);
  });

  it('binds each dataset to the variable of its first turn, in dfN order, without deleted ones', () => {
    const turns = [
      turn({ context: [csvBrief({ id: ID_B, variable: 'df2' }), csvBrief({ id: ID_A, variable: 'df1' })] }),
      turn({ context: [csvBrief({ id: ID_A, variable: 'df1' }), csvBrief({ id: 'GONEGONEGONEGONEGONEGA', variable: 'df3' })] }),
    ];
    expect(datasetBindings({ turns, available: [ID_A, ID_B] })).toMatchObject({ datasetIds: [ID_A, ID_B], variables: ['df1', 'df2'] });
  });

  it("records each question's own bindings from the kernel client, without datasets its code never used", () => {
    const bound = (variable: string, datasetId: string | null) => ({
      variable,
      datasetId,
      displayName: `${datasetId}.csv`,
      fileName: `${datasetId}.csv`,
      path: `/data/${datasetId}.csv`,
      format: 'csv' as const,
      bytes: 1,
    });
    const ID_C = 'CCCCCCCCCCCCCCCCCCCCCA';
    const turns = [
      // df2 (C) was loaded from the files panel and the code never names it: left out.
      turn({ context: [csvBrief({ id: ID_A, variable: 'df1' })], bindings: [bound('df1', ID_A), bound('df2', ID_C)] }),
      // df1 is B now; the code also reads df2 (C), so C is part of this question.
      turn({
        context: [csvBrief({ id: ID_B, variable: 'df1' })],
        bindings: [bound('df1', ID_B), bound('df2', ID_C), bound('df3', null)],
        attempts: [{ number: 1, code: 'df1.merge(df2)', result: run }],
      }),
    ];
    const body = buildSaveRequest({ turns, availableDatasetIds: [ID_A, ID_B, ID_C], kernelInfo: null, options: { expiresInDays: 1, allowRerun: true } });
    expect(body.turns.map((saved) => saved.bindings)).toEqual([
      [{ variable: 'df1', datasetId: ID_A }],
      [
        { variable: 'df1', datasetId: ID_B },
        { variable: 'df2', datasetId: ID_C },
      ],
    ]);
    expect([body.datasetIds, body.variables]).toEqual([
      [ID_A, ID_B, ID_C],
      ['df1', 'df1', 'df2'],
    ]);
    const parsed = saveAnalysisInputSchema.safeParse(JSON.parse(JSON.stringify(body)));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('builds a body the server schema accepts, with versions from the kernel', () => {
    const body = buildSaveRequest({
      turns: [turn({ context: [csvBrief({ id: ID_A, variable: 'df1' })] }), turn({ phase: 'answering' })],
      availableDatasetIds: [ID_A],
      kernelInfo: { pyodideVersion: '314.0.7', pythonVersion: '3.14.0' },
      options: { expiresInDays: 30, allowRerun: true, title: '  Rows  ' },
    });
    expect(body.turns).toHaveLength(1);
    expect(body.title).toBe('Rows');
    expect(body.versions).toEqual({ pyodide: '314.0.7', python: '3.14.0', packages: ['numpy', 'pandas'] });
    const parsed = saveAnalysisInputSchema.safeParse(JSON.parse(JSON.stringify(body)));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });
});

describe('readSaveResponse: the save route’s answer, parsed where the page reads it', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUw';

  it('takes the link of a well-formed answer', async () => {
    const answer = { ok: true, id, url: `/a/${id}`, embedUrl: `/embed/${id}` };
    expect(await readSaveResponse(Response.json(answer, { status: 201 }))).toEqual(answer);
  });

  it('shows the message of a refusal', async () => {
    const refusal = { ok: false, code: 'too_large', message: 'The analysis is larger than 25 MB.', retryable: false };
    expect(await readSaveResponse(Response.json(refusal, { status: 413 }))).toEqual({ ok: false, message: 'The analysis is larger than 25 MB.' });
  });

  it('never takes a forged answer for a link: a link elsewhere, or an id that is not one, is refused by name', async () => {
    const elsewhere = await readSaveResponse(Response.json({ ok: true, id, url: 'https://evil.example/phish', embedUrl: `/embed/${id}` }, { status: 201 }));
    expect(elsewhere).toEqual({ ok: false, message: expect.stringContaining('could not be read (the links are not those of the analysis id)') });
    const notAnId = await readSaveResponse(Response.json({ ok: true, id: '../admin', url: '/a/../admin', embedUrl: '/embed/../admin' }, { status: 201 }));
    expect(notAnId).toEqual({ ok: false, message: expect.stringContaining('(id: not an analysis id)') });
  });

  it('says what the server answered when the body is not an answer at all', async () => {
    const page = new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    expect(await readSaveResponse(page)).toEqual({ ok: false, message: 'The server answered 502 Bad Gateway.' });
  });
});
