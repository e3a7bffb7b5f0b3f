/** Guidance before code: for broad requests the reviewer plans first and the generator is told to follow the plan. */
import { describe, expect, it } from 'vitest';
import { runAsk, type AskDeps } from './ask-pipeline';
import type { AskProvider } from '@/lib/llm/server/providers';
import type { AskRequest } from '../contracts';
import { isBroadRequest } from '@/lib/answer/review-contract';
import { collector, datasetId, makeMeta, testSettings, unusedPlanner, VALID_CODE } from '@/lib/llm/testing/fixtures';
import { scriptedProvider } from '@/lib/llm/testing/scripted-provider';
import type { ScriptedResponse } from '@/lib/llm/testing/script-file';

const sales = makeMeta({ id: datasetId(1), displayName: 'sales.csv' });
const STEPS = ['Count rows and missing values per column.', 'Summarise Revenue by Region with a bar chart.'];

function setup({ guide, provider }: { guide: ScriptedResponse[]; provider?: AskProvider }) {
  const generator = scriptedProvider({ generate: [{ respond: VALID_CODE }] });
  const reviewer = scriptedProvider({ guide });
  const deps: AskDeps = {
    provider: provider ?? generator.provider,
    settings: testSettings(),
    loadDatasets: async () => [sales],
    planOffline: provider?.kind === 'offline' ? () => ({ ok: true, generated: VALID_CODE, intent: 'explore' }) : unusedPlanner,
    chooseOffline: () => 0,
    reviewer: { provider: reviewer.provider, settings: testSettings({ maxRetries: 0 }) },
  };
  return { deps, generator, reviewer };
}

async function run(deps: AskDeps, request: Partial<AskRequest>) {
  const events = collector();
  await runAsk({
    request: { question: 'Explore the data', datasetIds: [sales.id], pinnedIds: [sales.id], history: [], ...request },
    deps,
    signal: new AbortController().signal,
    emit: events.emit,
  });
  return events;
}

describe('guidance before code', () => {
  it('the Explore preset: the reviewer plans, the plan is emitted, the generator is told to follow it; both calls are counted', async () => {
    const { deps, generator, reviewer } = setup({ guide: [{ respond: { steps: STEPS } }] });
    const events = await run(deps, { preset: { kind: 'explore' } });
    expect(events.ofType('guidance')).toEqual([{ type: 'guidance', guidance: { status: 'planned', model: 'unit-test', steps: STEPS } }]);
    expect(events.events.findIndex((event) => event.type === 'guidance')).toBeLessThan(events.events.findIndex((event) => event.type === 'plan'));
    expect(reviewer.callsOf('guide')[0]?.user).toContain('Revenue');
    const prompt = generator.callsOf('generate')[0]?.user ?? '';
    expect(prompt).toContain('Follow this analysis plan');
    expect(prompt).toContain('2. Summarise Revenue by Region with a bar chart.');
    expect(events.ofType('plan')[0]?.metrics.llmCalls).toBe(2);
  });

  it('"analyse this dataset" is broad too; a narrow question gets no plan and no extra call', async () => {
    const broad = setup({ guide: [{ respond: { steps: STEPS } }] });
    expect((await run(broad.deps, { question: 'Analyse this dataset' })).ofType('guidance')).toHaveLength(1);
    const narrow = setup({ guide: [] });
    const events = await run(narrow.deps, { question: 'What is the total revenue by region?' });
    expect(events.ofType('guidance')).toEqual([]);
    expect(narrow.reviewer.calls).toEqual([]);
    expect(narrow.generator.callsOf('generate')[0]?.user).not.toContain('Follow this analysis plan');
  });

  it('a reviewer that answers nonsense: the plan is skipped with the reason and the code is written without one', async () => {
    const { deps, generator } = setup({ guide: [{ respond: { steps: ['only one'] } }] });
    const events = await run(deps, { preset: { kind: 'explore' } });
    expect(events.ofType('guidance')[0]?.guidance).toMatchObject({ status: 'skipped', reason: expect.stringContaining('proposed no plan') });
    expect(events.ofType('plan')).toHaveLength(1);
    expect(generator.callsOf('generate')[0]?.user).not.toContain('Follow this analysis plan');
  });

  it('the offline planner writes its own plans: no guidance call', async () => {
    const offline: AskProvider = { kind: 'offline', info: { kind: 'offline', model: 'offline-planner', label: 'Offline' } };
    const { deps, reviewer } = setup({ guide: [], provider: offline });
    const events = await run(deps, { preset: { kind: 'explore' } });
    expect(events.ofType('guidance')).toEqual([]);
    expect(reviewer.calls).toEqual([]);
  });
});

describe('isBroadRequest', () => {
  it.each([
    ['Analyse this dataset', true],
    ['explore the data', true],
    ['Give me insights about this file', true],
    ['What is the total revenue by region?', false],
    ['analyse revenue by region for the north and the south over the last three years in the sales table please', false],
  ])('%s → %s', (question, broad) => {
    expect(isBroadRequest({ question })).toBe(broad);
  });
  it('the presets are broad', () => {
    expect(isBroadRequest({ question: 'x', preset: { kind: 'predict' } })).toBe(true);
  });
});
