import 'server-only';
import { isDatasetId } from '@/lib/datasets/dataset-ids';
import { readMeta, mapLimited } from '@/lib/datasets/dataset-records';
import { getEnv } from '@/lib/env';
import { getStorage } from '@/lib/storage';
import type { DatasetMeta } from '@/lib/catalog/dataset-meta';
import type { ProviderInfo } from './contracts';
import { llmSettingsFromEnv } from './llm-settings';
import { chooseDataset } from './offline/match-columns';
import { planOffline } from './offline/plan-offline';
import { getProvider } from './providers';
import { getRateLimiter } from './rate-limit';
import type { RouteDeps } from './route-handlers';

/** The real dependencies of the Ask routes, from the validated environment. */

async function loadDatasets(ids: string[]): Promise<DatasetMeta[]> {
  const storage = getStorage();
  // An id of the wrong shape cannot name a record: it is simply missing (the pipeline says which question failed).
  const metas = await mapLimited({ items: ids.filter(isDatasetId), limit: 8, work: (id) => readMeta({ storage, id }) });
  return metas.filter((meta): meta is DatasetMeta => meta !== null);
}

export function getAskDeps(): RouteDeps {
  const env = getEnv();
  const provider = getProvider();
  return {
    provider,
    settings: llmSettingsFromEnv({ env }),
    loadDatasets,
    planOffline,
    chooseOffline: chooseDataset,
    // The offline planner costs nothing and calls no one: it is not rate limited.
    rateLimiter: provider.kind === 'offline' || env.LLM_RATE_LIMIT_PER_MINUTE === 0 ? null : getRateLimiter({ perMinute: env.LLM_RATE_LIMIT_PER_MINUTE }),
  };
}

/** What the page needs to know about the Ask configuration (read in the server component, passed as props). */
export function getAskClientConfig(): { provider: ProviderInfo; maxRepairAttempts: number } {
  return { provider: getProvider().info, maxRepairAttempts: getEnv().MAX_REPAIR_ATTEMPTS };
}
