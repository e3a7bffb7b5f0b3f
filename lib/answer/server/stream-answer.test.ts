import { describe, expect, it } from 'vitest';
import type { AnswerRequest } from '@/lib/ask/contracts';
import { LlmError } from '@/lib/llm/server/llm-errors';
import { offlineAnswer } from '../offline-answer';
import { matchNumbers } from '../provenance';
import type { AskProvider } from '@/lib/llm/server/providers';
import { streamAnswer } from './stream-answer';
import { testSettings } from '@/lib/llm/testing/fixtures';
import { scriptedProvider } from '@/lib/llm/testing/scripted-provider';

const OUTPUTS = [
  'stdout:\nTotal revenue: 1,234,567.89\nAverage order value: 45.6789\nShare of returns: 0.1234\nOrders analysed: 10523',
  'result table (4 rows × 2 columns):\nRegion\tRevenue\nNorth\t500000.5\nSouth\t400000.25\nEast\t200000\nWest\t134567.14',
  'figures: Figure 1',
].join('\n\n');

const request: AnswerRequest = {
  question: 'How is revenue split by region?',
  code: 'result = df1.groupby("Region")["Revenue"].sum()',
  outputs: OUTPUTS,
  figures: 1,
  status: 'ok',
};

async function readAll(chunks: AsyncGenerator<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

describe('streamAnswer with an LLM', () => {
  it('streams the markdown in chunks, from a prompt that puts the outputs in a data block', async () => {
    const markdown = 'North leads with **500,000.5** (the result table).\n\n### Key findings\n- Total revenue: 1.23M\n';
    const { provider, callsOf } = scriptedProvider({ answer: [{ respond: markdown, chunkChars: 7 }] });
    const chunks = await readAll(streamAnswer({ request, provider, settings: testSettings(), signal: new AbortController().signal }));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(markdown);
    const call = callsOf('answer')[0];
    expect(call?.user).toContain('<outputs>');
    expect(call?.system).toMatch(/copied from the <outputs> block/);
    expect(call?.system).toMatch(/No HTML/);
    expect(call?.system).not.toContain('1,234,567.89');
  });

  it('throws a classified error before any text when the call cannot start', async () => {
    const { provider } = scriptedProvider({ answer: [{ fail: 'quota' }, { fail: 'quota' }, { fail: 'quota' }] });
    const chunks = streamAnswer({ request, provider, settings: testSettings(), signal: new AbortController().signal });
    const error = await chunks.next().then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).askError.code).toBe('llm_quota');
  });

  it('reports an empty answer as malformed', async () => {
    const { provider } = scriptedProvider({ answer: [{ respond: '' }] });
    const chunks = streamAnswer({ request, provider, settings: testSettings(), signal: new AbortController().signal });
    await expect(chunks.next()).rejects.toMatchObject({ askError: { code: 'llm_malformed' } });
  });

  it('ends the text with a note when the stream stalls after it started', async () => {
    const { provider } = scriptedProvider({ answer: [{ respond: 'a'.repeat(100), chunkChars: 10, chunkDelayMs: 150 }] });
    const text = (await readAll(streamAnswer({ request, provider, settings: testSettings({ timeoutMs: 400 }), signal: new AbortController().signal }))).join(
      '',
    );
    expect(text.startsWith('aaaa')).toBe(true);
    expect(text).toMatch(/The answer stopped early/);
  });
});

describe('offline answer', () => {
  const offline: AskProvider = { kind: 'offline', info: { kind: 'offline', model: 'offline-planner', label: 'Offline planner' } };

  it('is deterministic, labelled offline, and every number in it comes from the outputs', async () => {
    const text = (await readAll(streamAnswer({ request, provider: offline, settings: testSettings(), signal: new AbortController().signal }))).join('');
    expect(text).toBe(offlineAnswer({ request }));
    expect(text).toMatch(/^_Offline summary/);
    expect(text).toContain('1,234,567.89');
    expect(text).toContain('45.6789');
    expect(text).toContain('Figure 1');
    expect(text).toContain('### Next questions');
    const spans = matchNumbers({ markdown: text, outputs: { resultText: OUTPUTS } });
    expect(spans.length).toBeGreaterThan(5);
    expect(spans.filter((span) => span.status === 'unmatched')).toEqual([]);
  });

  it('neutralises markdown in printed text and says when the run failed', () => {
    const text = offlineAnswer({
      request: { ...request, status: 'python', outputs: "stdout:\n[click](http://evil.example) total: 5\n\nerror: KeyError: 'x'", figures: 0 },
    });
    expect(text).toContain('\\[click\\]');
    expect(text).toMatch(/did not finish successfully/);
    expect(text).toContain("KeyError: 'x'");
  });
});
