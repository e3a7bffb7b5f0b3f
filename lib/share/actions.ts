'use server';

import { z } from 'zod';
import { analysisIdSchema } from '@/lib/share/analysis-ids';
import { failAnalysis } from '@/lib/share/server/analysis-errors';
import {
  deleteAnalysis as deleteStored,
  listMyAnalyses as listStored,
  prepareRerun as prepareStoredRerun,
  revokeAnalysis as revokeStored,
  setAllowRerun as setStoredAllowRerun,
  setAnalysisExpiry as setStoredExpiry,
} from '@/lib/share/server/analysis-service';
import type { AnalysisActionResult } from '@/lib/share/analysis-types';
import { getViewer } from '@/lib/access/server/caller';
import { runAnalysisAction } from '@/lib/share/server/run-analysis-action';
import { getStorage } from '@/lib/storage/server';

// Analysis actions: parse with zod, call lib/share/server, return plain data (errors included): each answers the shape
// analysisActionResults (lib/share/analysis-types.ts) defines, which the page parses it with.
// The owner is whoever holds the cookie that saved the analysis; it is read from lib/access/server/caller.ts, never taken from the input.
// Saving is POST /api/analyses (a route handler: figures exceed the server-action body limit).

const id = analysisIdSchema;

/** The caller's owner id (lib/access/server/caller.ts); never planted here, so a refused change leaves no cookie behind. */
async function getOwnerHash(): Promise<string | null> {
  return (await getViewer()).ownerHash;
}

async function requireOwnerHash(): Promise<string> {
  return (await getOwnerHash()) ?? failAnalysis({ code: 'forbidden', message: 'Only the browser that saved this analysis can change it.' });
}

/** "My analyses" of this browser (empty when it never saved one). */
export async function listMyAnalyses(input: { cursor?: string } = {}): Promise<AnalysisActionResult<'listMyAnalyses'>> {
  return runAnalysisAction({
    action: 'Listing your analyses',
    schema: z.object({ cursor: z.string().max(4096).optional() }),
    input,
    work: async (args) => {
      const ownerHash = await getOwnerHash();
      return ownerHash ? listStored({ storage: getStorage(), ownerHash, ...args }) : { analyses: [] };
    },
  });
}

export async function revokeAnalysis(input: { id: string }): Promise<AnalysisActionResult<'revokeAnalysis'>> {
  return runAnalysisAction({
    action: 'Turning the link off',
    schema: z.object({ id }),
    input,
    work: async (args) => ({ analysis: await revokeStored({ storage: getStorage(), ownerHash: await requireOwnerHash(), ...args }) }),
  });
}

export async function deleteAnalysis(input: { id: string }): Promise<AnalysisActionResult<'deleteAnalysis'>> {
  return runAnalysisAction({
    action: 'Deleting the analysis',
    schema: z.object({ id }),
    input,
    work: async (args) => {
      await deleteStored({ storage: getStorage(), ownerHash: await requireOwnerHash(), ...args });
      return { id: args.id };
    },
  });
}

/** Days from now until the link stops working; null: never. */
export async function setAnalysisExpiry(input: { id: string; expiresInDays: number | null }): Promise<AnalysisActionResult<'setAnalysisExpiry'>> {
  return runAnalysisAction({
    action: 'Changing the expiry',
    schema: z.object({ id, expiresInDays: z.number().int().min(1).max(3650).nullable() }),
    input,
    work: async (args) => ({ analysis: await setStoredExpiry({ storage: getStorage(), ownerHash: await requireOwnerHash(), ...args }) }),
  });
}

export async function setAllowRerun(input: { id: string; allowRerun: boolean }): Promise<AnalysisActionResult<'setAllowRerun'>> {
  return runAnalysisAction({
    action: 'Changing re-run access',
    schema: z.object({ id, allowRerun: z.boolean() }),
    input,
    work: async (args) => ({ analysis: await setStoredAllowRerun({ storage: getStorage(), ownerHash: await requireOwnerHash(), ...args }) }),
  });
}

/**
 * "Re-run in my browser", step one: for a valid link whose owner allowed re-running, the exact code each question will
 * run (shown to the viewer, who must confirm before anything runs), whether this browser is the owner (from its
 * cookie), and fresh short-lived URLs for the datasets with their saved bindings (run by rerunAnalysis, lib/share/client/rerun-analysis.ts).
 */
export async function prepareRerun(input: { id: string }): Promise<AnalysisActionResult<'prepareRerun'>> {
  return runAnalysisAction({
    action: 'Preparing the re-run',
    schema: z.object({ id }),
    input,
    work: async (args) => prepareStoredRerun({ storage: getStorage(), ownerHash: await getOwnerHash(), ...args }),
  });
}
