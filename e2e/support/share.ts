import http from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { EMBED_PARENT_PORT, EMBED_STRANGER_PORT } from './e2e-ports';

/** What POST /api/analyses answers (lib/share/server/analysis-routes.ts). */
export interface SavedLink {
  id: string;
  url: string;
  embedUrl: string;
}

/** A realistic turn: what the workspace sends after a question ran with standard-library code. */
export interface TurnSpec {
  question: string;
  answer: string;
  code: string;
  stdout: string;
  result: unknown;
  /** Number of figures (PNG drawn on a canvas in the page). */
  figures?: number;
}

/** The units-per-region table both saved turns of the share and screen specs show (East sold the most, 7 of 14). */
export function unitsByRegionTable({ regionColumn = 'region' }: { regionColumn?: string } = {}) {
  return {
    kind: 'table',
    source: 'dataframe',
    columns: [regionColumn, 'units'],
    dtypes: ['object', 'int64'],
    rows: [
      ['North', 3],
      ['South', 4],
      ['East', 7],
    ],
    totalRows: 3,
    totalColumns: 2,
    truncated: false,
  };
}

const METRICS = { llmCalls: 2, inputTokens: 812, outputTokens: 230, generationMs: 1450, fetchMs: 35, runMs: 120, repairAttempts: 0, answerMs: 900 };

/**
 * Saves an analysis the way the workspace does: a same-origin fetch from a page of the app, so the owner cookie
 * lands in this browser context. Figures are real PNGs drawn on a canvas (the server checks the PNG signature and
 * reads the size from its header). `page` must be on an app page that does not start Python (e.g. /analyses).
 */
export async function saveAnalysis(
  page: Page,
  {
    title,
    turns,
    datasetIds = [],
    allowRerun = false,
    expiresInDays = 7,
  }: { title: string; turns: TurnSpec[]; datasetIds?: string[]; allowRerun?: boolean; expiresInDays?: number | null },
): Promise<SavedLink> {
  const body = await page.evaluate(
    ({ title, turns, datasetIds, allowRerun, expiresInDays, metrics }) => {
      const png = (index: number) => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 40;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d canvas');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, 64, 40);
        context.fillStyle = ['#0369a1', '#b45309', '#047857'][index % 3] ?? '#000000';
        [12, 30, 22].forEach((height, bar) => context.fillRect(8 + bar * 18, 40 - height, 12, height));
        return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
      };
      return {
        title,
        turns: turns.map((turn) => ({
          question: turn.question,
          answer: turn.answer,
          metrics,
          attempts: [
            {
              number: 1,
              code: turn.code,
              result: {
                status: 'ok',
                stdout: turn.stdout,
                stderr: '',
                error: null,
                figures: Array.from({ length: turn.figures ?? 0 }, (_, index) => ({ pngBase64: png(index), width: 64, height: 40 })),
                result: turn.result,
                timings: { validateMs: 2.1, loadPackagesMs: 0, executeMs: 11.4, totalMs: 14.2 },
              },
            },
          ],
        })),
        datasetIds,
        versions: { pyodide: '314.0.7', python: '3.14.0', packages: [] },
        expiresInDays,
        allowRerun,
      };
    },
    { title, turns, datasetIds, allowRerun, expiresInDays, metrics: METRICS },
  );
  const answer = await page.evaluate(async (payload) => {
    const response = await fetch('/api/analyses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return { status: response.status, json: (await response.json()) as { ok: boolean; id?: string; url?: string; embedUrl?: string; message?: string } };
  }, body);
  expect(answer.json.message ?? '', 'save refused').toBe('');
  expect(answer.status).toBe(201);
  expect(answer.json.url).toBe(`/a/${answer.json.id}`);
  return { id: answer.json.id ?? '', url: answer.json.url ?? '', embedUrl: answer.json.embedUrl ?? '' };
}

/** A tiny HTTP server on another loopback origin, serving pages the test registers (a site that embeds the widget). */
async function startSite(port: number): Promise<{ origin: string; page: (path: string, html: string) => string; close: () => Promise<void> }> {
  const pages = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const html = pages.get((request.url ?? '/').split('?')[0] ?? '/');
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    page: (path, html) => {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A parent page around the embed snippet, recording every message it receives (origin and data). */
export function parentPage(snippet: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Team wiki</title></head><body>
<h1>Our numbers</h1>
<script>window.__messages = []; addEventListener("message", function (event) { window.__messages.push({ origin: event.origin, data: event.data }); });</script>
${snippet}
</body></html>`;
}

type Site = Awaited<ReturnType<typeof startSite>>;

/**
 * The two parent sites of the embed specs, started before the spec's tests and closed after: one on
 * EMBED_ALLOWED_ORIGINS, one a stranger. Call at the top level of a spec.
 */
export function embedParentSites(): { allowed: () => Site; stranger: () => Site } {
  let allowed: Site | undefined;
  let stranger: Site | undefined;
  test.beforeAll(async () => {
    allowed = await startSite(EMBED_PARENT_PORT);
    stranger = await startSite(EMBED_STRANGER_PORT);
  });
  test.afterAll(async () => {
    await allowed?.close();
    await stranger?.close();
  });
  const started = (site: Site | undefined): Site => {
    if (!site) throw new Error('the embed parent sites start in beforeAll');
    return site;
  };
  return { allowed: () => started(allowed), stranger: () => started(stranger) };
}
