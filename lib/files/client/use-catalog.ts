'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { listDatasets } from '@/lib/files/actions';
import { datasetActionResults, type DatasetSummary } from '../dataset-types';

/**
 * The catalog as the files panel sees it: pages fetched with storage cursors, filtered by folder and name on the
 * server. A page can hold few matches (a search scans every dataset), so one load keeps fetching pages until it
 * has enough to show or has read MAX_PAGES_PER_LOAD pages; "Load more" continues from the cursor.
 */
const ENOUGH_TO_SHOW = 50;
const MAX_PAGES_PER_LOAD = 5;
const SEARCH_DEBOUNCE_MS = 250;

export function useCatalog() {
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [folders, setFolders] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [folder, setFolder] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Responses of an older search must not overwrite a newer one.
  const generation = useRef(0);

  const fetchPages = useCallback(
    async ({ from, reset }: { from?: string; reset: boolean }) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      const found: DatasetSummary[] = [];
      const seenFolders = new Set<string>();
      let next = from;
      try {
        for (let pages = 0; pages < MAX_PAGES_PER_LOAD; pages += 1) {
          const result = await listDatasets({ ...(folder ? { prefix: folder } : {}), ...(query ? { query } : {}), ...(next ? { cursor: next } : {}) });
          const page = readActionResult({ action: 'Listing datasets', schema: datasetActionResults.listDatasets, result });
          if (mine !== generation.current) return;
          if (!page.ok) throw new Error(page.message);
          found.push(...page.datasets);
          page.folders.forEach((name) => seenFolders.add(name));
          next = page.nextCursor;
          if (!next || found.length >= ENOUGH_TO_SHOW) break;
        }
        setDatasets((previous) => {
          const base = reset ? [] : previous;
          const known = new Set(base.map((dataset) => dataset.id));
          return [...base, ...found.filter((dataset) => !known.has(dataset.id))];
        });
        setFolders((previous) => [...new Set([...previous, ...seenFolders])].filter(Boolean).sort());
        setCursor(next);
      } catch (failure) {
        if (mine === generation.current) setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [folder, query],
  );

  useEffect(() => {
    const timer = setTimeout(() => void fetchPages({ reset: true }), query ? SEARCH_DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [fetchPages, query]);

  const loadMore = useCallback(() => {
    if (cursor) void fetchPages({ from: cursor, reset: false });
  }, [cursor, fetchPages]);

  /** A new or changed dataset: replaced in place, or shown first. */
  const upsert = useCallback((dataset: DatasetSummary) => {
    setDatasets((previous) =>
      previous.some((entry) => entry.id === dataset.id) ? previous.map((entry) => (entry.id === dataset.id ? dataset : entry)) : [dataset, ...previous],
    );
    if (dataset.folder) setFolders((previous) => (previous.includes(dataset.folder) ? previous : [...previous, dataset.folder].sort()));
  }, []);

  const remove = useCallback((id: string) => setDatasets((previous) => previous.filter((entry) => entry.id !== id)), []);

  return { datasets, folders, query, setQuery, folder, setFolder, hasMore: cursor !== undefined, loading, error, loadMore, upsert, remove };
}
