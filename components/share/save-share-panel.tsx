'use client';

import { useMemo, useRef, useState } from 'react';
import type { TurnState } from '@/lib/ask/turn-state';
import type { ConversationShare } from '@/lib/conversations/conversation-record';
import type { DatasetSummary } from '@/lib/files/dataset-types';
import { exportDatasetFromMeta, exportSourceFromTurns, type ExportDataset } from '@/lib/export';
import { buildEmbedSnippet, type EmbedTheme } from '@/lib/share/embed-snippet';
import { withChartImages } from '@/lib/share/client/chart-images';
import { buildSaveRequest, datasetBindings, isSavableTurn, readSaveResponse } from '@/lib/share/client/save-request';
import type { InitInfo } from '@/workers/kernel-protocol';
import { CopyButton } from './copy-button';
import { EXPIRY_OPTIONS, expiryLabel } from './expiry-options';
import { ExportButtons } from './export-buttons';

export interface SaveSharePanelProps {
  /** The conversation (AskPanel's turns). */
  turns: TurnState[];
  /** Ready datasets of the catalog: datasets deleted since a turn ran are left out of the save. */
  datasetIds: string[];
  /** The kernel's versions, recorded with the analysis. */
  kernelInfo: InitInfo | null;
  /** Catalog entries, for the exports' data loader (reading options, sizes). Optional: the turns' briefs suffice. */
  catalog?: DatasetSummary[];
  /** EMBED_ALLOWED_ORIGINS, to tell the analyst where the embed will render. Optional. */
  embedAllowedOrigins?: string[];
  /**
   * The link last saved from this conversation, kept by the conversation (and its autosave) rather than by this panel,
   * so it survives follow-up questions and reloads. Optional: without it the panel remembers its own save.
   */
  share?: ConversationShare | null;
  onShare?: (share: ConversationShare) => void;
}

interface SavedLink {
  id: string;
  url: string;
  /** Savable turns at save time, to notice questions asked afterwards. */
  turnCount: number;
}

/** Save the conversation as a share link (with expiry and re-run permission), copy link or embed code, export it. */
export function SaveSharePanel({ turns, datasetIds, kernelInfo, catalog, embedAllowedOrigins, share, onShare }: SaveSharePanelProps) {
  const [expiry, setExpiry] = useState('30');
  const [allowRerun, setAllowRerun] = useState(false);
  const [title, setTitle] = useState('');
  const [theme, setTheme] = useState<EmbedTheme>('light');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ownSave, setOwnSave] = useState<SavedLink | null>(null);
  const saved: SavedLink | null =
    share === undefined
      ? ownSave
      : share
        ? { id: share.analysisId, url: new URL(`/a/${share.analysisId}`, window.location.origin).toString(), turnCount: share.turnCount }
        : null;
  const setSaved = (link: SavedLink) => {
    setOwnSave(link);
    onShare?.({ analysisId: link.id, turnCount: link.turnCount });
  };
  const linkRef = useRef<HTMLAnchorElement>(null);
  const snippetRef = useRef<HTMLPreElement>(null);

  const savable = useMemo(() => turns.filter(isSavableTurn), [turns]);
  const busy = turns.some((turn) => !isSavableTurn(turn) && turn.phase !== 'failed' && turn.phase !== 'cancelled');

  const exportSource = useMemo(() => {
    if (savable.length === 0) return null;
    const { datasetIds: used, variables, perTurn } = datasetBindings({ turns: savable, available: datasetIds });
    const briefs = new Map(savable.flatMap((turn) => turn.context ?? []).map((brief) => [brief.id, brief]));
    const describe = (id: string, variable: string): ExportDataset[] => {
      const meta = catalog?.find((entry) => entry.id === id);
      if (meta) return [exportDatasetFromMeta({ meta, variable })];
      const brief = briefs.get(id);
      return brief ? [{ variable, displayName: brief.displayName, fileName: brief.fileName, format: brief.format, size: 0 }] : [];
    };
    const datasets = used.flatMap((id, index) => describe(id, variables[index] ?? `df${index + 1}`));
    const turnBindings = perTurn.map((bindings) => bindings.flatMap(({ datasetId, variable }) => describe(datasetId, variable)));
    const versions = { pyodide: kernelInfo?.pyodideVersion ?? 'unknown', python: kernelInfo?.pythonVersion ?? 'unknown', packages: [] };
    return exportSourceFromTurns({ turns: savable, datasets, turnBindings, versions, ...(title.trim() ? { title: title.trim() } : {}) });
  }, [savable, datasetIds, catalog, kernelInfo, title]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const days = EXPIRY_OPTIONS.find((option) => option.value === expiry)?.days ?? null;
      // Charts get their PNG (the exports' fallback) drawn here, in the saver's browser.
      const body = await withChartImages(
        buildSaveRequest({ turns, availableDatasetIds: datasetIds, kernelInfo, options: { expiresInDays: days, allowRerun, title } }),
      );
      const response = await fetch('/api/analyses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const answer = await readSaveResponse(response);
      if (!answer.ok) setError(answer.message);
      else setSaved({ id: answer.id, url: new URL(answer.url, window.location.origin).toString(), turnCount: body.turns.length });
    } catch {
      setError('The analysis could not be sent to the server. Check the connection and try again.');
    } finally {
      setSaving(false);
    }
  };

  const snippet = saved
    ? buildEmbedSnippet({ appOrigin: window.location.origin, id: saved.id, title: title.trim() || savable[0]?.question || 'Analysis', theme })
    : '';
  const field = 'rounded border border-slate-300 px-2 py-1 text-xs';
  return (
    <section aria-label="Save and share" data-testid="save-share" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <h2 className="font-medium">Save and share</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs">
          Title
          <input
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={300}
            placeholder={savable[0]?.question ?? 'The first question'}
            className={field}
          />
        </label>
        <label className="flex flex-col gap-1 text-xs">
          Link works for
          <select data-testid="save-expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)} className={field}>
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.days === null ? 'ever (no expiry)' : expiryLabel(option.days)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs" title="Viewers get short-lived download links to the data files when they re-run">
          <input type="checkbox" data-testid="save-allow-rerun" checked={allowRerun} onChange={(event) => setAllowRerun(event.target.checked)} />
          Allow viewers to re-run it with the data
        </label>
        <button
          type="button"
          data-testid="save-analysis"
          disabled={savable.length === 0 || busy || saving}
          onClick={() => void save()}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {saving ? 'Saving…' : saved ? 'Save again (new link)' : 'Save and get a link'}
        </button>
      </div>
      {savable.length === 0 ? <p className="text-xs text-slate-500">Ask a question first: a finished question can be saved and shared.</p> : null}
      {allowRerun ? <p className="text-xs text-amber-800">Anyone with the link will be able to download the data files this analysis used.</p> : null}
      {error ? (
        <p role="alert" data-testid="save-error" className="text-xs text-rose-700">
          {error}
        </p>
      ) : null}

      {saved ? (
        <div className="space-y-3 rounded-md border border-emerald-200 bg-emerald-50/50 p-3" data-testid="save-result">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs font-medium">Link:</span>
            <a
              ref={linkRef}
              href={saved.url}
              target="_blank"
              rel="noopener"
              data-testid="share-url"
              className="break-all font-mono text-xs text-sky-800 hover:underline"
            >
              {saved.url}
            </a>
            <CopyButton text={saved.url} label="Copy link" testId="copy-share-url" fallbackTarget={() => linkRef.current} />
          </div>
          {saved.turnCount < savable.length ? (
            <p data-testid="save-outdated" className="text-xs text-amber-800">
              This link has {saved.turnCount} of the {savable.length} questions: {savable.length - saved.turnCount} were asked after saving. “Save again” makes
              a new link with all of them; this one keeps working until you turn it off in My analyses.
            </p>
          ) : null}
          <div className="space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs font-medium">Embed on a web page:</span>
              <select aria-label="Embed theme" value={theme} onChange={(event) => setTheme(event.target.value === 'dark' ? 'dark' : 'light')} className={field}>
                <option value="light">light</option>
                <option value="dark">dark</option>
              </select>
              <CopyButton text={snippet} label="Copy embed code" testId="copy-embed-code" fallbackTarget={() => snippetRef.current} />
            </div>
            <pre
              ref={snippetRef}
              data-testid="embed-code"
              className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 text-xs text-slate-100"
            >
              {snippet}
            </pre>
            {embedAllowedOrigins ? (
              <p className="text-xs text-slate-600">
                {embedAllowedOrigins.length > 0
                  ? `The widget renders only on: ${embedAllowedOrigins.join(', ')} (EMBED_ALLOWED_ORIGINS).`
                  : 'No site may show the widget yet: the server’s EMBED_ALLOWED_ORIGINS is empty.'}
              </p>
            ) : null}
          </div>
          <p className="text-xs">
            <a href="/analyses" className="text-sky-700 hover:underline">
              My analyses
            </a>{' '}
            — change the expiry, turn the link off or delete it.
          </p>
        </div>
      ) : null}

      {exportSource ? <ExportButtons source={exportSource} withFileList /> : null}
    </section>
  );
}
