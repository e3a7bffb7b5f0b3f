import { beforeEach, describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { saveAnalysis } from '@/lib/share/server/analysis-service';
import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { sampleInput } from '@/lib/share/test-support/analysis-fixture';
import { SALES_CSV, uploadDataset } from '@/lib/files/test-support/dataset-fixture';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { readActionResult } from '@/lib/core/action-result';
import { deleteAnalysis, listMyAnalyses, prepareRerun, revokeAnalysis, setAllowRerun, setAnalysisExpiry } from './actions';
import { analysisActionResults } from './analysis-types';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

// The actions are public endpoints: the owner comes from the cookie only, and inputs are whatever a client sends.
describe('analysis actions (local storage from the environment)', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });
  const owner = newOwnerToken();
  beforeEach(async () => {
    const { state } = await mock;
    state.jar.clear();
    state.jar.set(OWNER_COOKIE, { value: owner });
  });

  /** sales.csv, uploaded by the owner whose cookie the actions read. */
  async function ownDataset() {
    const { dataset } = await uploadDataset({
      fixture,
      fileName: 'sales.csv',
      body: SALES_CSV,
      owner: { ownerHash: hashOwnerToken({ token: owner }), sharedPrefixes: [] },
    });
    return dataset;
  }

  async function saved(overrides: Parameters<typeof sampleInput>[0] = {}) {
    return saveAnalysis({ storage: fixture.driver, ownerHash: hashOwnerToken({ token: owner }), input: sampleInput(overrides) });
  }

  it('lists, revokes, re-times and deletes the caller’s own analyses', async () => {
    const { id } = await saved({ title: 'Mine' });
    const listed = await listMyAnalyses();
    expect(listed.ok && listed.analyses.map((entry) => [entry.id, entry.title, entry.status])).toEqual([[id, 'Mine', 'active']]);
    expect(await setAnalysisExpiry({ id, expiresInDays: null })).toMatchObject({ ok: true, analysis: { expiresAt: null } });
    expect(await setAllowRerun({ id, allowRerun: true })).toMatchObject({ ok: true, analysis: { allowRerun: true } });
    expect(await revokeAnalysis({ id })).toMatchObject({ ok: true, analysis: { status: 'revoked' } });
    expect(await deleteAnalysis({ id })).toEqual({ ok: true, id });
    expect(await listMyAnalyses()).toEqual({ ok: true, analyses: [] });
  });

  it('every answer, success or refusal, reads back unchanged through the schema the page parses it with', async () => {
    const pageReads = (action: keyof typeof analysisActionResults, result: unknown) =>
      expect(readActionResult({ action, schema: analysisActionResults[action], result }), action).toEqual(result);
    const dataset = await ownDataset();
    const { id } = await saved({ datasetIds: [dataset.id], allowRerun: true });
    pageReads('listMyAnalyses', await listMyAnalyses());
    pageReads('prepareRerun', await prepareRerun({ id }));
    pageReads('setAnalysisExpiry', await setAnalysisExpiry({ id, expiresInDays: 7 }));
    pageReads('setAllowRerun', await setAllowRerun({ id, allowRerun: false }));
    pageReads('prepareRerun', await prepareRerun({ id }));
    pageReads('revokeAnalysis', await revokeAnalysis({ id }));
    pageReads('deleteAnalysis', await deleteAnalysis({ id }));
    pageReads('deleteAnalysis', await deleteAnalysis({ id }));
  });

  it('refuses other browsers: a different cookie is forbidden, no cookie lists nothing', async () => {
    const { id } = await saved();
    const { state } = await mock;
    state.jar.set(OWNER_COOKIE, { value: newOwnerToken() });
    expect(await revokeAnalysis({ id })).toMatchObject({ ok: false, code: 'forbidden', retryable: false });
    expect(await deleteAnalysis({ id })).toMatchObject({ ok: false, code: 'forbidden' });
    state.jar.clear();
    expect(await setAllowRerun({ id, allowRerun: true })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await listMyAnalyses()).toEqual({ ok: true, analyses: [] });
  });

  it('refuses malformed input with invalid_input', async () => {
    const cases = [
      revokeAnalysis({ id: '../../x' }),
      deleteAnalysis({ id: 'AAAAAAAAAAAAAAAAAAAAAB' }),
      setAnalysisExpiry({ id: 'AAAAAAAAAAAAAAAAAAAAAA', expiresInDays: 0 }),
      setAnalysisExpiry({ id: 'AAAAAAAAAAAAAAAAAAAAAA', expiresInDays: 1.5 }),
      setAllowRerun({ id: 'AAAAAAAAAAAAAAAAAAAAAA', allowRerun: 'yes' as unknown as boolean }),
      prepareRerun(null as unknown as { id: string }),
    ];
    for (const result of await Promise.all(cases)) expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('hands a viewer the code to confirm and the downloads when allowed', async () => {
    const dataset = await ownDataset();
    const { id } = await saved({ datasetIds: [dataset.id], allowRerun: true });
    const { state } = await mock;
    state.jar.clear(); // a viewer, not the owner
    const rerun = await prepareRerun({ id });
    if (!rerun.ok) throw new Error(rerun.message);
    expect(rerun.isOwner).toBe(false);
    // The final attempt of each question: exactly what the record's turns end with.
    expect(rerun.code).toEqual(sampleInput().turns.map((turn) => turn.attempts.filter((attempt) => attempt.result).at(-1)?.code ?? null));
    expect(rerun.datasets).toEqual([expect.objectContaining({ id: dataset.id, variable: 'df1' })]);
    expect(rerun.downloads).toMatchObject([{ id: dataset.id, displayName: 'sales.csv' }]);
  });

  it('knows the owner from the cookie only', async () => {
    const { id } = await saved({ allowRerun: true });
    expect(await prepareRerun({ id })).toMatchObject({ ok: true, isOwner: true });
    const { state } = await mock;
    state.jar.set(OWNER_COOKIE, { value: newOwnerToken() });
    expect(await prepareRerun({ id })).toMatchObject({ ok: true, isOwner: false });
  });

  it('refuses a re-run the owner did not allow, even without data, for viewers and the owner', async () => {
    const { id } = await saved({ datasetIds: [], allowRerun: false });
    expect(await prepareRerun({ id })).toMatchObject({ ok: false, code: 'rerun_disabled', message: expect.stringContaining('My analyses') });
    const { state } = await mock;
    state.jar.clear();
    expect(await prepareRerun({ id })).toMatchObject({
      ok: false,
      code: 'rerun_disabled',
      message: 'The owner of this analysis has not allowed re-running it.',
    });
    expect(await revokeAnalysis({ id })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
