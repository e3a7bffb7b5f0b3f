import { z } from 'zod';
import { newRandomId, RANDOM_ID_PATTERN } from '@/lib/core/random-id';

/**
 * Share ids and the public names built from them. An id is 128 random bits in base64url (22 characters): it is the
 * capability of a share link, so it must be unguessable, and it needs no coordination between stateless servers.
 * Every id that arrives from a browser is checked against the canonical form before it goes near a storage key.
 *
 * Browser-safe (no `server-only`): the share page and the exports build figure names and URLs with it too.
 */

export const ANALYSIS_ID_PATTERN = RANDOM_ID_PATTERN;

/** The one check of an analysis id: actions, routes, saved records and conversations all use it. */
export const analysisIdSchema = z.string().regex(ANALYSIS_ID_PATTERN, 'not an analysis id');

export function isAnalysisId(value: unknown): value is string {
  return typeof value === 'string' && ANALYSIS_ID_PATTERN.test(value);
}

/** A fresh share id. */
export function newAnalysisId(): string {
  return newRandomId();
}

/** The shared page and the embed widget of an analysis (app-relative). */
export function analysisUrls({ id }: { id: string }): { url: string; embedUrl: string } {
  return { url: `/a/${id}`, embedUrl: `/embed/${id}` };
}

/**
 * The name of one saved figure: `<turn>-<attempt>-<n>.png`, all 1-based. The same name is the last part of its
 * storage key, of its URL and of its file in an export's `figures/` folder, so a report's links match the downloads.
 */
export function figureFileName({ turn, attempt, index }: { turn: number; attempt: number; index: number }): string {
  return `${turn}-${attempt}-${index}.png`;
}

/** The name of a chart result's PNG (drawn by the saving browser, for exports): `<turn>-<attempt>-chart.png`. */
export function chartImageFileName({ turn, attempt }: { turn: number; attempt: number }): string {
  return `${turn}-${attempt}-chart.png`;
}

/** Names the figure route accepts (figures and chart images); anything else is refused before storage is touched. */
export const FIGURE_NAME_PATTERN = /^[1-9][0-9]?-[1-9][0-9]?-([1-9][0-9]?|chart)\.png$/;

/** The figure name at the end of a saved figure's storage key (`analyses/<id>/figures/<name>`). */
export function figureNameOfKey({ key }: { key: string }): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Where the browser loads a saved figure: the figure route, which checks the link is still valid. */
export function figureUrl({ id, key }: { id: string; key: string }): string {
  return `/api/analyses/${id}/figures/${figureNameOfKey({ key })}`;
}
