'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { sanitizeDisplayName } from '@/lib/files/sniff/sanitize-name';
import type { DatasetSummary } from '../dataset-types';
import { uploadDatasetFile, type UploadPhase } from './upload-file';
import { checkUploadFile } from '../upload-rules';

/** Uploads shown in the files panel until they become catalog entries (or are dismissed). */
export interface UploadEntry {
  key: string;
  /** The name as it will be shown once registered (sanitised here too, so a hostile name never renders raw). */
  name: string;
  size: number;
  /** `duplicate`: the same name and size is already in the catalog (or on its way); nothing moves until the analyst says. */
  status: 'uploading' | 'error' | 'duplicate';
  phase: UploadPhase | 'waiting';
  loaded: number;
  error?: { message: string; retryable: boolean };
  /** The file this one looks like, when status is `duplicate`. */
  duplicateOf?: { id?: string; displayName: string };
}

interface Job {
  file: File;
  folder: string;
  controller: AbortController;
}

export function useUploads({
  maxUploadBytes,
  folder,
  onUploaded,
  existing,
}: {
  maxUploadBytes: number;
  /** Where new uploads go ('' for the top level). */
  folder: string;
  onUploaded: (result: { dataset: DatasetSummary; notice?: string }) => void;
  /** The catalog as the analyst sees it: a file with the same name and size there is a likely duplicate. */
  existing: DatasetSummary[];
}) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const jobs = useRef(new Map<string, Job>());
  const counter = useRef(0);
  const uploaded = useRef(onUploaded);
  const known = useRef(existing);
  const current = useRef(entries);
  useEffect(() => {
    uploaded.current = onUploaded;
    known.current = existing;
    current.current = entries;
  }, [onUploaded, existing, entries]);

  const patch = useCallback((key: string, change: Partial<UploadEntry>) => {
    setEntries((previous) => previous.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  const start = useCallback(
    async (key: string) => {
      const job = jobs.current.get(key);
      if (!job) return;
      const { file, controller } = job;
      const outcome = await uploadDatasetFile({
        file,
        folder: job.folder,
        signal: controller.signal,
        onProgress: ({ loaded }) => patch(key, { loaded }),
        onPhase: (phase) => patch(key, { phase }),
      });
      if (outcome.ok) {
        jobs.current.delete(key);
        setEntries((previous) => previous.filter((entry) => entry.key !== key));
        uploaded.current({ dataset: outcome.dataset, ...(outcome.notice ? { notice: outcome.notice } : {}) });
      } else if (outcome.code === 'cancelled') {
        jobs.current.delete(key);
        setEntries((previous) => previous.filter((entry) => entry.key !== key));
      } else {
        patch(key, { status: 'error', error: { message: outcome.message, retryable: outcome.retryable } });
      }
    },
    [patch],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      const added: UploadEntry[] = [];
      for (const file of files) {
        counter.current += 1;
        const key = `upload-${counter.current}`;
        const name = sanitizeDisplayName({ name: file.name });
        // Refuse early what the server would refuse: no bytes move for a file that cannot be accepted.
        const refusal = checkUploadFile({ name, size: file.size, maxUploadBytes });
        const entry: UploadEntry = { key, name, size: file.size, status: 'uploading', phase: 'waiting', loaded: 0 };
        if (refusal) {
          added.push({ ...entry, status: 'error', error: { message: refusal.message, retryable: false } });
          continue;
        }
        jobs.current.set(key, { file, folder, controller: new AbortController() });
        // Uploading the same file twice used to give two identical datasets without a word: ask first.
        const twin = findDuplicate({ name, size: file.size, catalog: known.current, pending: [...current.current, ...added] });
        added.push(twin ? { ...entry, status: 'duplicate', duplicateOf: twin } : entry);
      }
      setEntries((previous) => [...added, ...previous]);
      for (const entry of added) if (entry.status === 'uploading') void start(entry.key);
    },
    [folder, maxUploadBytes, start],
  );

  const cancel = useCallback((key: string) => jobs.current.get(key)?.controller.abort(), []);

  const retry = useCallback(
    (key: string) => {
      const job = jobs.current.get(key);
      if (!job) return;
      jobs.current.set(key, { ...job, controller: new AbortController() });
      patch(key, { status: 'uploading', phase: 'waiting', loaded: 0, error: undefined });
      void start(key);
    },
    [patch, start],
  );

  /** Upload a file flagged as a duplicate anyway (a new version with the same name and size, say). */
  const confirm = useCallback(
    (key: string) => {
      if (!jobs.current.has(key)) return;
      patch(key, { status: 'uploading', duplicateOf: undefined });
      void start(key);
    },
    [patch, start],
  );

  const dismiss = useCallback((key: string) => {
    jobs.current.delete(key);
    setEntries((previous) => previous.filter((entry) => entry.key !== key));
  }, []);

  // Leaving the page cancels what is still in flight (abortUpload runs for each).
  useEffect(() => {
    const pending = jobs.current;
    return () => pending.forEach((job) => job.controller.abort());
  }, []);

  return { entries, addFiles, cancel, retry, dismiss, confirm };
}

/** A dataset or a pending upload with the same shown name and byte size: almost surely the same file again. */
function findDuplicate({
  name,
  size,
  catalog,
  pending,
}: {
  name: string;
  size: number;
  catalog: DatasetSummary[];
  pending: UploadEntry[];
}): UploadEntry['duplicateOf'] {
  const dataset = catalog.find((candidate) => candidate.displayName === name && candidate.size === size);
  if (dataset) return { id: dataset.id, displayName: dataset.displayName };
  const upload = pending.find((candidate) => candidate.name === name && candidate.size === size && candidate.status !== 'error');
  return upload ? { displayName: upload.name } : undefined;
}
