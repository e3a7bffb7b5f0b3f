import { describe, expect, it } from 'vitest';
import { runRepair, type AskDeps } from './ask-pipeline';
import type { FailedAttempt, RepairRequest } from '../contracts';
import type { AskProvider } from '@/lib/llm/server/providers';
import { collector, datasetId, makeMeta, testSettings, unusedPlanner, VALID_CODE } from '@/lib/llm/testing/fixtures';
import { scriptedProvider } from '@/lib/llm/testing/scripted-provider';

const sales = makeMeta({
  id: datasetId(1),
  columns: [
    { name: 'Region', type: 'string' },
    { name: 'Revenue', type: 'number' },
    { name: 'Units Sold', type: 'integer' },
  ],
});
const offline: AskProvider = { kind: 'offline', info: { kind: 'offline', model: 'offline-planner', label: 'Offline planner' } };

function deps(provider: AskProvider, settings = testSettings()): AskDeps {
  return {
    provider,
    settings,
    loadDatasets: async (ids) => [sales].filter((meta) => ids.includes(meta.id)),
    planOffline: unusedPlanner,
    chooseOffline: () => 0,
  };
}

function failed(code: string, error: Partial<FailedAttempt['error']> & { type: string; message: string }, status = 'python'): FailedAttempt {
  return { code, status, stdoutTail: '', error: { line: 1, traceback: `Traceback…\n${error.type}: ${error.message}`, ...error } };
}

function repairRequest(attempts: FailedAttempt[]): RepairRequest {
  return { question: 'Total revenue by region?', datasetIds: [sales.id], attempts, history: [] };
}

async function repair(request: RepairRequest, askDeps: AskDeps) {
  const events = collector();
  await runRepair({ request, deps: askDeps, signal: new AbortController().signal, emit: events.emit });
  return events;
}

const REPAIRED = { ...VALID_CODE, change: 'Converted Revenue to numbers before summing.' };

describe('runRepair', () => {
  it('makes one call that shows the model the classified error, the traceback and earlier attempts', async () => {
    const { provider, callsOf } = scriptedProvider({ repair: [{ respond: REPAIRED }] });
    const request = repairRequest([
      failed('result = df1.total()', { type: 'AttributeError', message: "'DataFrame' object has no attribute 'total'" }),
      failed('result = df1["Revenue"].sum() + "x"', { type: 'TypeError', message: "unsupported operand type(s) for +: 'int' and 'str'" }),
    ]);
    const { ofType } = await repair(request, deps(provider));
    const plan = ofType('plan')[0];
    expect(plan).toMatchObject({ code: REPAIRED.code, change: REPAIRED.change, metrics: { llmCalls: 1 } });
    const call = callsOf('repair')[0];
    expect(call?.call).toMatchObject({ task: 'repair', attempt: 2, lastError: expect.stringContaining('TypeError') });
    expect(call?.user).toContain('unsupported operand type(s)');
    expect(call?.user).toContain('Traceback');
    expect(call?.user).toContain('df1.total()'); // the earlier attempt
    expect(call?.user).toContain('"errorKind": "type"');
    expect(call?.user).toContain('repair 2 of at most 3');
  });

  it('repairs a policy refusal like any error, saying the policy will not be relaxed', async () => {
    const { provider, callsOf } = scriptedProvider({ repair: [{ respond: REPAIRED }] });
    const request = repairRequest([
      failed(
        'import os\nresult = os.listdir("/")',
        { type: 'PolicyViolation', message: "import of 'os' is not allowed", rule: 'import', hint: 'Allowed: pandas, numpy…' },
        'policy',
      ),
    ]);
    const { ofType } = await repair(request, deps(provider));
    expect(ofType('plan')).toHaveLength(1);
    const call = callsOf('repair')[0];
    expect(call?.system).toMatch(/will not be relaxed/);
    expect(call?.user).toMatch(/will not be relaxed/);
    expect(call?.user).toContain('"errorKind": "policy"');
  });

  it('shows the real column names for a near miss it cannot fix locally (two close matches)', async () => {
    const twoClose = makeMeta({
      id: datasetId(1),
      columns: [
        { name: 'Revenue_A', type: 'number' },
        { name: 'Revenue_B', type: 'number' },
      ],
    });
    const { provider, callsOf } = scriptedProvider({ repair: [{ respond: REPAIRED }] });
    const askDeps = { ...deps(provider), loadDatasets: async () => [twoClose] };
    const { ofType } = await repair(repairRequest([failed('result = df1["Revenue_C"].sum()', { type: 'KeyError', message: "'Revenue_C'" })]), askDeps);
    expect(ofType('plan')[0]?.metrics.llmCalls).toBe(1);
    const user = callsOf('repair')[0]?.user ?? '';
    expect(user).toContain('"errorKind": "missing_column"');
    expect(user).toContain('Did you mean');
    expect(user).toContain('Revenue_A');
    expect(user).toContain('Revenue_B');
  });

  it('fixes a near-miss column locally with zero LLM calls (any provider)', async () => {
    const { provider, calls } = scriptedProvider({});
    const code = "totals = df1.groupby('region')['Revenue'].sum()\nresult = totals";
    const { ofType } = await repair(repairRequest([failed(code, { type: 'KeyError', message: "'region'" })]), deps(provider));
    const plan = ofType('plan')[0];
    expect(plan?.code).toBe("totals = df1.groupby('Region')['Revenue'].sum()\nresult = totals");
    expect(plan?.metrics.llmCalls).toBe(0);
    expect(plan?.change).toMatch(/locally/);
    expect(calls).toHaveLength(0);
  });

  it('does not repeat a local fix that already failed; the offline provider then says it cannot repair', async () => {
    const first = "result = df1['revenue'].sum()";
    const second = "result = df1['Revenue'].sum()";
    const request = repairRequest([failed(first, { type: 'KeyError', message: "'revenue'" }), failed(second, { type: 'KeyError', message: "'revenue'" })]);
    const { ofType } = await repair(request, deps(offline));
    const error = ofType('error')[0]?.error;
    expect(error).toMatchObject({ code: 'no_plan', retryable: false });
    expect(error?.message).toMatch(/offline planner cannot repair/);
    expect(error?.message).toContain('KeyError');
  });

  it('fixes a near-miss column offline, and refuses other errors with a clear message', async () => {
    const fixedEvents = await repair(repairRequest([failed('result = df1["units sold"].sum()', { type: 'KeyError', message: "'units sold'" })]), deps(offline));
    expect(fixedEvents.ofType('plan')[0]?.code).toBe('result = df1["Units Sold"].sum()');

    const refused = await repair(repairRequest([failed('x = 1/0', { type: 'ZeroDivisionError', message: 'division by zero' })]), deps(offline));
    expect(refused.ofType('error')[0]?.error).toMatchObject({ code: 'no_plan', retryable: false });
    expect(refused.ofType('error')[0]?.error.message).toMatch(/ZeroDivisionError: division by zero/);
  });

  it('refuses to go past the repair limit', async () => {
    const { provider, calls } = scriptedProvider({});
    const attempts = [1, 2, 3].map((n) => failed(`x = ${n}/0`, { type: 'ZeroDivisionError', message: 'division by zero' }));
    const { ofType } = await repair(repairRequest(attempts), deps(provider, testSettings({ maxRepairAttempts: 2 })));
    expect(ofType('error')[0]?.error.code).toBe('bad_request');
    expect(calls).toHaveLength(0);
  });

  it('reports a "repair" that returns the failed code unchanged as malformed', async () => {
    const code = 'x = 1/0';
    const { provider } = scriptedProvider({ repair: [{ respond: { ...REPAIRED, code } }] });
    const { ofType } = await repair(repairRequest([failed(code, { type: 'ZeroDivisionError', message: 'division by zero' })]), deps(provider));
    expect(ofType('error')[0]?.error).toMatchObject({ code: 'llm_malformed', retryable: true });
  });

  it('requires the change description (the repair schema)', async () => {
    const { provider } = scriptedProvider({ repair: [{ respond: VALID_CODE }] });
    const { ofType } = await repair(repairRequest([failed('x = 1/0', { type: 'ZeroDivisionError', message: 'division by zero' })]), deps(provider));
    expect(ofType('error')[0]?.error.code).toBe('llm_malformed');
  });
});
