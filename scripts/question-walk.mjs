#!/usr/bin/env node
// The walk of one question through the code (issue 14's measure of the layout): the files whose code runs for each
// step, in call order, from the analyst's upload to the shared page. It prints how many files, folders and folder
// switches the walk takes, so a layout change can be judged by a figure. A file that no longer exists fails the run
// (`node scripts/question-walk.mjs --check`, run by the unit tier), so the walk cannot silently go stale.
//
// Folders are counted two ways: the directory a file is in ("leaf"), and its area ("area": lib/<step>, or
// components, app, workers), which is what a newcomer navigates by.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const QUESTION_WALK = [
  [
    'upload',
    [
      'components/workspace.tsx',
      'components/files-panel.tsx',
      'components/file-drop-zone.tsx',
      'lib/files/client/use-uploads.ts',
      'lib/files/upload-rules.ts',
      'lib/files/client/upload-file.ts',
      'lib/files/actions.ts',
      'lib/access/server/caller.ts',
      'lib/files/server/upload-service.ts',
      'lib/files/server/upload-quota.ts',
      'lib/storage/server/index.ts',
      'app/api/storage/object/route.ts',
      'lib/files/server/upload-gate.ts',
      'lib/storage/server/object-route.ts',
      'lib/storage/server/local.ts',
    ],
  ],
  [
    'register',
    [
      'lib/files/actions.ts',
      'lib/files/server/register-service.ts',
      'lib/files/sniff/sniff.ts',
      'lib/files/sniff/sniff-csv.ts',
      'lib/files/sniff/dataset-meta.ts',
      'lib/files/server/dataset-records.ts',
      'lib/files/client/use-catalog.ts',
    ],
  ],
  [
    'ask',
    [
      'components/ask/question-box.tsx',
      'components/ask/ask-panel.tsx',
      'lib/ask/client/run-turn.ts',
      'lib/ask/client/browser-deps.ts',
      'lib/ask/client/action-events.ts',
      'proxy.ts',
      'lib/access/server/request-origin.ts',
      'lib/ask/actions.ts',
      'lib/ask/server/event-actions.ts',
      'lib/access/server/caller.ts',
      'lib/ask/server/admission.ts',
      'lib/access/server/rate-limit.ts',
      'lib/ask/server/ask-pipeline.ts',
    ],
  ],
  [
    'select',
    [
      'lib/ask/server/select-datasets.ts',
      'lib/files/dataset-briefs.ts',
      'lib/ask/server/prompts.ts',
      'lib/llm/server/llm-call.ts',
      'lib/llm/server/providers.ts',
      'lib/ask/contracts.ts',
    ],
  ],
  [
    'generate',
    [
      'lib/ask/server/generate-code.ts',
      'lib/ask/server/code-call.ts',
      'lib/llm/server/llm-call.ts',
      'lib/ask/ask-events.ts',
      'lib/ask/client/action-events.ts',
      'lib/ask/client/run-turn.ts',
    ],
  ],
  [
    'fetch',
    [
      'lib/kernel/client/load-into-kernel.ts',
      'lib/files/actions.ts',
      'lib/files/server/dataset-access.ts',
      'lib/storage/server/signing.ts',
      'lib/kernel/client/disk-cache.ts',
      'lib/kernel/client/disk-cache-download.ts',
      'lib/kernel/client/disk-cache.worker.ts',
    ],
  ],
  [
    'mount',
    [
      'lib/kernel/client/kernel-client.ts',
      'lib/kernel/client/mounted-files.ts',
      'lib/kernel/client/kernel-worker-handle.ts',
      'workers/kernel-frame.ts',
      'workers/kernel.worker.ts',
      'workers/blob-mounts.ts',
    ],
  ],
  [
    'run',
    [
      'lib/kernel/client/use-kernel.ts',
      'lib/kernel/client/kernel-client.ts',
      'lib/kernel/client/run-supervisor.ts',
      'lib/kernel/kernel-rpc.ts',
      'workers/kernel-core.ts',
      'workers/python/kernel_runner.py',
      'workers/kernel-schema.ts',
      'lib/kernel/run-results.ts',
    ],
  ],
  [
    'repair',
    [
      'lib/ask/client/run-turn.ts',
      'lib/ask/client/browser-deps.ts',
      'lib/ask/actions.ts',
      'lib/ask/server/event-actions.ts',
      'lib/ask/server/repair-code.ts',
      'lib/ask/classify-error.ts',
    ],
  ],
  [
    'answer',
    [
      'app/api/answer/route.ts',
      'lib/ask/server/route-handlers.ts',
      'lib/answer/server/stream-answer.ts',
      'lib/answer/answer-checks.ts',
      'lib/answer/provenance.ts',
      'lib/answer/client/provenance-plugin.ts',
      'components/ask/turn-view.tsx',
      'components/ask/answer-view.tsx',
    ],
  ],
  [
    'save',
    [
      'components/share/save-share-panel.tsx',
      'lib/share/client/save-request.ts',
      'app/api/analyses/route.ts',
      'lib/share/server/analysis-routes.ts',
      'lib/share/save-input.ts',
      'lib/share/server/save-analysis.ts',
      'lib/share/save-caps.ts',
      'lib/share/server/analysis-store.ts',
    ],
  ],
  [
    'share',
    ['app/a/[id]/page.tsx', 'lib/share/server/analysis-service.ts', 'lib/share/server/shared-analysis.ts', 'components/share/shared-analysis-view.tsx'],
  ],
];

/** The area a newcomer navigates by: lib/<step>, else the top-level folder. */
export function areaOf(file) {
  const parts = file.split('/');
  return parts[0] === 'lib' ? `lib/${parts[1]}` : parts[0];
}

export function measureWalk(walk, folderOf = (file) => path.posix.dirname(file)) {
  const files = walk.flatMap(([, list]) => list);
  const folders = files.map(folderOf);
  let switches = 0;
  for (let i = 1; i < folders.length; i++) if (folders[i] !== folders[i - 1]) switches++;
  return { steps: files.length, files: new Set(files).size, folders: new Set(folders).size, switches };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const missing = QUESTION_WALK.flatMap(([, list]) => list).filter((file) => !existsSync(path.join(root, file)));
  if (missing.length) {
    console.error(`question walk: ${missing.length} file(s) no longer exist:\n  ${[...new Set(missing)].join('\n  ')}`);
    process.exit(1);
  }
  if (!process.argv.includes('--check')) {
    const leaf = measureWalk(QUESTION_WALK);
    const area = measureWalk(QUESTION_WALK, areaOf);
    console.log(`one question: ${leaf.steps} steps through ${leaf.files} files`);
    console.log(`  by directory: ${leaf.folders} folders, ${leaf.switches} switches`);
    console.log(`  by area:      ${area.folders} areas, ${area.switches} switches`);
  }
}
