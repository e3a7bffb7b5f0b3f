'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { sanitizeDisplayName } from '@/lib/catalog/sanitize-name';
import type { DatasetSummary } from './dataset-types';
import { uploadDatasetFile, type UploadPhase } from './upload-file';
import { checkUploadFile } from './upload-rules';

/** Uploads shown in the files panel until they become catalog entries (or are dismissed). */
export interface UploadEntry {
  key: string;
  /** The name as it will be shown once registered (sanitised here too, so a hostile name never renders raw). */
  name: string;
  size: number;
  status: 'uploading' | 'error';
  phase: UploadPhase | 'waiting';
  loaded: number;
  error?: { message: string; retryable: boolean };
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
}: {
  maxUploadBytes: number;
  /** Where new uploads go ('' for the top level). */
  folder: string;
  onUploaded: (result: { dataset: DatasetSummary; notice?: string }) => void;
}) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const jobs = useRef(new Map<string, Job>());
  const counter = useRef(0);
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  }, [onUploaded]);

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
        const key = `upload-${(counter.current += 1)}`;
        const name = sanitizeDisplayName({ name: file.name });
        // Refuse early what the server would refuse: no bytes move for a file that cannot be accepted.
        const refusal = checkUploadFile({ name, size: file.size, maxUploadBytes });
        const entry: UploadEntry = { key, name, size: file.size, status: 'uploading', phase: 'waiting', loaded: 0 };
        if (refusal) {
          added.push({ ...entry, status: 'error', error: { message: refusal.message, retryable: false } });
          continue;
        }
        jobs.current.set(key, { file, folder, controller: new AbortController() });
        added.push(entry);
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

  const dismiss = useCallback((key: string) => {
    jobs.current.delete(key);
    setEntries((previous) => previous.filter((entry) => entry.key !== key));
  }, []);

  // Leaving the page cancels what is still in flight (abortUpload runs for each).
  useEffect(() => {
    const pending = jobs.current;
    return () => pending.forEach((job) => job.controller.abort());
  }, []);

  return { entries, addFiles, cancel, retry, dismiss };
}
