'use server';

import { z } from 'zod';
import { getEnv } from '@/lib/core/server/env';
import { getOwner, getViewer } from '@/lib/access/server/caller';
import { getStorage } from '@/lib/storage/server';
import {
  deleteDataset as deleteStored,
  getDownloadUrls as signDownloads,
  listDatasets as listStored,
  renameDataset as renameStored,
} from '@/lib/files/server/catalog-service';
import { datasetIdSchema } from '@/lib/files/dataset-ids';
import { uploadIdSchema } from '@/lib/storage/upload-id';
import { normalizeFolder } from '@/lib/files/server/dataset-records';
import type { DatasetActionResult } from '@/lib/files/dataset-types';
import { importFromPrefix as importStored } from '@/lib/files/server/import-service';
import { readOptionsSchema, type ReadOptions } from '@/lib/files/sniff/read-options-schema';
import { previewReadOptions as previewStored, saveReadOptions as saveStored } from '@/lib/files/server/read-options-service';
import { registerUploadedDataset } from '@/lib/files/server/register-service';
import { runDatasetAction } from '@/lib/files/server/run-action';
import { abortDatasetUpload, completeDatasetUpload, createDatasetUpload } from '@/lib/files/server/upload-service';

// Dataset actions: parse with zod, call lib/files/server, return plain data (errors included): each answers the shape
// datasetActionResults (lib/files/dataset-types.ts) defines, which the page parses it with.
// The browser names datasets by id only; keys are looked up server-side from the dataset's own records. The caller
// comes from lib/access/server/caller.ts (the owner cookie), never from the input; every service checks it against the
// record before acting (lib/files/server/dataset-access.ts). Only createUpload creates an owner cookie.

const id = datasetIdSchema;
const folder = z.string().max(512).optional();

export async function createUpload(input: { fileName: string; size: number; folder?: string }): Promise<DatasetActionResult<'createUpload'>> {
  return runDatasetAction({
    action: 'Upload',
    schema: z.object({ fileName: z.string().min(1).max(1024), size: z.number().int().nonnegative(), folder }),
    input,
    work: async (args) => {
      const env = getEnv();
      return createDatasetUpload({
        storage: getStorage(),
        owner: await getOwner(),
        ...args,
        maxUploadBytes: Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024),
        quotaBytes: Math.floor(env.MAX_OWNER_STORAGE_MB * 1024 * 1024),
        pendingMaxAgeMs: env.UPLOAD_URL_EXPIRY_SECONDS * 1000,
      });
    },
  });
}

export async function completeUpload(input: {
  id: string;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<DatasetActionResult<'completeUpload'>> {
  const part = z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(256) });
  return runDatasetAction({
    action: 'Completing the upload',
    schema: z.object({ id, uploadId: uploadIdSchema, parts: z.array(part).min(1).max(10_000) }),
    input,
    work: async (args) => {
      await completeDatasetUpload({ storage: getStorage(), viewer: await getViewer(), ...args });
      return {};
    },
  });
}

export async function abortUpload(input: { id: string }): Promise<DatasetActionResult<'abortUpload'>> {
  return runDatasetAction({
    action: 'Cancelling the upload',
    schema: z.object({ id }),
    input,
    work: async (args) => {
      await abortDatasetUpload({ storage: getStorage(), viewer: await getViewer(), ...args });
      return {};
    },
  });
}

export async function registerDataset(input: { id: string }): Promise<DatasetActionResult<'registerDataset'>> {
  return runDatasetAction({
    action: 'Registering the file',
    schema: z.object({ id }),
    input,
    work: async (args) => ({ dataset: await registerUploadedDataset({ storage: getStorage(), viewer: await getViewer(), ...args }) }),
  });
}

export async function listDatasets(input: { prefix?: string; query?: string; cursor?: string }): Promise<DatasetActionResult<'listDatasets'>> {
  return runDatasetAction({
    action: 'Listing datasets',
    schema: z.object({ prefix: folder, query: z.string().max(200).optional(), cursor: z.string().max(4096).optional() }),
    input,
    work: async ({ prefix, ...args }) =>
      listStored({
        storage: getStorage(),
        viewer: await getViewer(),
        pendingMaxAgeMs: getEnv().UPLOAD_URL_EXPIRY_SECONDS * 1000,
        ...args,
        ...(prefix ? { folder: normalizeFolder({ folder: prefix }) } : {}),
      }),
  });
}

export async function renameDataset(input: { id: string; displayName: string }): Promise<DatasetActionResult<'renameDataset'>> {
  return runDatasetAction({
    action: 'Renaming',
    schema: z.object({ id, displayName: z.string().min(1).max(1024) }),
    input,
    work: async (args) => ({ dataset: await renameStored({ storage: getStorage(), viewer: await getViewer(), ...args }) }),
  });
}

/** The dataset as it would be read with these options (header row, skipped rows, delimiter, …); nothing is stored. */
export async function previewReadOptions(input: { id: string; readOptions: ReadOptions }): Promise<DatasetActionResult<'previewReadOptions'>> {
  return runDatasetAction({
    action: 'Previewing',
    schema: z.object({ id, readOptions: readOptionsSchema }),
    input,
    work: async (args) => ({ dataset: await previewStored({ storage: getStorage(), viewer: await getViewer(), ...args }) }),
  });
}

/** Stores how the file is to be read and the schema that yields; `{}` returns to what registration detected. */
export async function setReadOptions(input: { id: string; readOptions: ReadOptions }): Promise<DatasetActionResult<'setReadOptions'>> {
  return runDatasetAction({
    action: 'Saving the read options',
    schema: z.object({ id, readOptions: readOptionsSchema }),
    input,
    work: async (args) => ({ dataset: await saveStored({ storage: getStorage(), viewer: await getViewer(), ...args }) }),
  });
}

export async function deleteDataset(input: { id: string }): Promise<DatasetActionResult<'deleteDataset'>> {
  return runDatasetAction({
    action: 'Deleting',
    schema: z.object({ id }),
    input,
    work: async (args) => {
      await deleteStored({ storage: getStorage(), viewer: await getViewer(), ...args });
      return { id: args.id };
    },
  });
}

export async function importFromPrefix(input: { prefix: string; cursor?: string }): Promise<DatasetActionResult<'importFromPrefix'>> {
  return runDatasetAction({
    action: 'Importing',
    schema: z.object({ prefix: z.string().max(1024), cursor: z.string().max(4096).optional() }),
    input,
    work: async (args) => importStored({ storage: getStorage(), viewer: await getViewer(), ...args }),
  });
}

export async function getDownloadUrls(input: { ids: string[] }): Promise<DatasetActionResult<'getDownloadUrls'>> {
  return runDatasetAction({
    action: 'Preparing downloads',
    schema: z.object({ ids: z.array(id).min(1).max(50) }),
    input,
    work: async (args) => ({ downloads: await signDownloads({ storage: getStorage(), viewer: await getViewer(), ...args }) }),
  });
}
