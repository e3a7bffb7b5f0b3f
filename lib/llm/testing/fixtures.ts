import { createDatasetMeta, type DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { CellValue } from '@/workers/kernel-protocol';
import type { AskEvent } from '@/lib/ask/contracts';
import type { OfflinePlanner } from '@/lib/ask/server/generate-code';
import type { LlmSettings } from '../server/llm-settings';

/** Test data for the model layer and the ask pipeline: dataset records, settings with recorded backoff sleeps, event collection. */

/** A dataset id of the canonical shape (21 base64url characters and one of A/Q/g/w), distinct per seed from the start. */
export function datasetId(seed: number): string {
  return `${String(seed).padStart(4, '0')}ds${'x'.repeat(15)}A`;
}

export function makeMeta({
  id,
  displayName = 'sales.csv',
  columns = [
    { name: 'Region', type: 'string' },
    { name: 'Revenue', type: 'number' },
  ],
  sampleRows,
  columnCount,
  rows = 100,
}: {
  id: string;
  displayName?: string;
  columns?: { name: string; type: DatasetMeta['columns'][number]['type'] }[];
  sampleRows?: CellValue[][];
  columnCount?: number;
  rows?: number;
}): DatasetMeta {
  return createDatasetMeta({
    id,
    key: `datasets/${id}/${displayName}`,
    now: new Date('2026-01-01T00:00:00Z'),
    sniffed: {
      displayName,
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      decimalSeparator: '.',
      hasHeader: true,
      columns: columns.map((column) => ({ ...column, nullable: false })),
      columnCount: columnCount ?? columns.length,
      sampleRows: sampleRows ?? [columns.map((column, index) => (column.type === 'number' ? 10 * (index + 1) : `value ${index}`))],
      size: 1234,
      rowEstimate: { value: rows, exact: true },
      warnings: [],
    },
  });
}

export interface RecordedSettings extends LlmSettings {
  sleeps: number[];
}

/** Fast settings: backoff sleeps are recorded and resolve at once (so a test can assert the backoff was honoured). */
export function testSettings(overrides: { timeoutMs?: number; maxRetries?: number; maxRepairAttempts?: number } = {}): RecordedSettings {
  const sleeps: number[] = [];
  return {
    sleeps,
    timeoutMs: overrides.timeoutMs ?? 5000,
    maxRepairAttempts: overrides.maxRepairAttempts ?? 3,
    retry: {
      maxRetries: overrides.maxRetries ?? 2,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.5,
      sleep: async (ms, signal) => {
        sleeps.push(ms);
        if (signal.aborted) throw new Error('aborted');
      },
    },
  };
}

export function collector(): {
  events: AskEvent[];
  emit: (event: AskEvent) => void;
  ofType: <T extends AskEvent['type']>(type: T) => Extract<AskEvent, { type: T }>[];
} {
  const events: AskEvent[] = [];
  return {
    events,
    emit: (event) => events.push(event),
    ofType: (type) => events.filter((event) => event.type === type) as never,
  };
}

/** An offline planner that must not be reached (LLM-provider tests). */
export const unusedPlanner: OfflinePlanner = () => {
  throw new Error('the offline planner must not be called here');
};

export const VALID_CODE = {
  plan: 'Total revenue by region.',
  code: 'totals = df1.groupby("Region")["Revenue"].sum()\nprint("Total revenue:", totals.sum())\nresult = totals',
  expects: { figures: 0, table: true },
};
