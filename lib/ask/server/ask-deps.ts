import 'server-only';
import { isDatasetId } from '@/lib/files/dataset-ids';
import { accessTo } from '@/lib/files/server/dataset-access';
import { readMeta, mapLimited } from '@/lib/files/server/dataset-records';
import { getEnv } from '@/lib/core/server/env';
import type { Viewer } from '@/lib/access/server/caller';
import { getStorage } from '@/lib/storage/server';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { ProviderInfo } from '../contracts';
import { llmSettingsFromEnv } from '@/lib/llm/server/llm-settings';
import { chooseDataset } from '@/lib/planner/match-columns';
import { planOffline } from '@/lib/planner/plan-offline';
import { getProvider } from '@/lib/llm/server/providers';
import { clientKey, getRateLimiter, type RequestHeaders } from '@/lib/access/server/rate-limit';
import { getReviewer } from '@/lib/answer/server/review-provider';
import type { RouteDeps } from './route-handlers';
import { createTokenBudget, type TokenBudget } from '@/lib/llm/server/token-budget';
import { getCounterStore } from '@/lib/access/server/counter-db';

/** The real dependencies of the Ask actions and routes, from the validated environment. */

/**
 * The records of the datasets a question names that the caller may read. Another owner's dataset is dropped like a
 * missing one: its schema and sample rows would otherwise reach the caller through the LLM context and the code.
 */
function datasetLoader({ viewer }: { viewer: Viewer }): (ids: string[]) => Promise<DatasetMeta[]> {
  return async (ids) => {
    const storage = getStorage();
    // An id of the wrong shape cannot name a record: it is simply missing (the pipeline says which question failed).
    const metas = await mapLimited({ items: ids.filter(isDatasetId), limit: 8, work: (id) => readMeta({ storage, id }) });
    return metas.filter((meta): meta is DatasetMeta => meta !== null && accessTo({ meta, viewer }) !== null);
  };
}

/**
 * The caller's daily token budgets, or undefined when nothing is metered (the offline planner costs nothing; both
 * budgets 0). Whose: the owner id (the signed-in user, or the browser's anonymous owner), else — an anonymous caller
 * who has no owner cookie yet — the client address the rate limiter uses.
 */
async function budgetOf({ viewer, request, offline }: { viewer: Viewer; request: RequestHeaders; offline: boolean }): Promise<TokenBudget | undefined> {
  const env = getEnv();
  const limits = { perUser: env.LLM_DAILY_TOKENS_PER_USER, total: env.LLM_DAILY_TOKENS_TOTAL };
  if (offline || (limits.perUser === 0 && limits.total === 0)) return undefined;
  const subject = viewer.ownerHash ?? clientKey({ request, trustedProxies: env.TRUSTED_PROXY_COUNT });
  return createTokenBudget({ store: await getCounterStore(), subject, limits });
}

/**
 * `viewer`: the caller (lib/access/server/caller.ts), whose datasets (and the shared ones) questions may use and whose
 * daily token budget the calls are charged to; `request`: its headers (a route's Request, or a server action's
 * next/headers), whose address counts for a caller with no owner id.
 */
export async function getAskDeps({ viewer, request }: { viewer: Viewer; request: RequestHeaders }): Promise<RouteDeps> {
  const env = getEnv();
  const provider = getProvider();
  const settings = llmSettingsFromEnv({ env });
  const budget = await budgetOf({ viewer, request, offline: provider.kind === 'offline' });
  return {
    provider,
    settings: { ...settings, ...(budget ? { budget } : {}) },
    // A review is one bounded call: no 429 retries eat into its deadline (the answer is shown either way).
    reviewer: {
      provider: getReviewer(),
      settings: { ...settings, ...(budget ? { budget } : {}), timeoutMs: env.REVIEW_TIMEOUT_MS, retry: { ...settings.retry, maxRetries: 0 } },
    },
    loadDatasets: datasetLoader({ viewer }),
    planOffline,
    chooseOffline: chooseDataset,
    // The offline planner costs nothing and calls no one: it is not rate limited.
    trustedProxies: env.TRUSTED_PROXY_COUNT,
    rateLimiter: provider.kind === 'offline' || env.LLM_RATE_LIMIT_PER_MINUTE === 0 ? null : await getRateLimiter({ perMinute: env.LLM_RATE_LIMIT_PER_MINUTE }),
  };
}

/** What the page needs to know about the Ask configuration (read in the server component, passed as props). */
export function getAskClientConfig(): { provider: ProviderInfo; maxRepairAttempts: number } {
  return { provider: getProvider().info, maxRepairAttempts: getEnv().MAX_REPAIR_ATTEMPTS };
}
