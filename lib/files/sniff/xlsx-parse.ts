import { Worker } from 'node:worker_threads';
import readXlsxFile from 'read-excel-file/universal';
import { z } from 'zod';

/**
 * Parses a workbook with read-excel-file in a worker thread: its unzip and XML parsing are synchronous and cost
 * about 0.35 s per compressed MB, which on the main thread stalls every other request (a 20 MB workbook: seconds).
 * The worker has a deadline and a heap cap; past either it is terminated and the workbook refused. Its answer is
 * checked, not trusted: plain rows of strings, numbers, booleans, dates and nulls.
 *
 * The worker loads read-excel-file from the process's working directory (an eval'd worker resolves packages there:
 * the app's root under `next start`). Where it cannot (a deployment whose bundle has no node_modules), parsing falls
 * back to this thread, after the inflation check has bounded the work, and says so once in the log.
 */

export type XlsxParse = { ok: true; sheets: { sheet: string; data: Cell[][] }[] } | { ok: false; reason: 'timeout' | 'memory' | 'invalid'; detail: string };
type Cell = string | number | boolean | Date | null;

const cell = z.union([z.string(), z.number(), z.boolean(), z.date(), z.null()]);
const sheetsSchema = z.array(z.object({ sheet: z.string(), data: z.array(z.array(cell)) }));
const answerSchema = z.union([
  z.object({ ok: z.literal(true), sheets: z.unknown() }),
  z.object({ ok: z.literal(false), missing: z.boolean(), message: z.string() }),
]);

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import('read-excel-file/universal')
  .then(({ default: read }) => read(workerData).then((sheets) => parentPort.postMessage({ ok: true, sheets }), (error) => parentPort.postMessage({ ok: false, missing: false, message: String((error && error.message) || error) })))
  .catch((error) => parentPort.postMessage({ ok: false, missing: true, message: String((error && error.message) || error) }));
`;

let warnedInline = false;

async function parseInline(bytes: Uint8Array): Promise<XlsxParse> {
  try {
    return { ok: true, sheets: sheetsSchema.parse(await readXlsxFile(bytes.slice().buffer)) };
  } catch (error) {
    return { ok: false, reason: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }
}

export async function parseXlsx({ bytes, deadlineMs, maxHeapMb = 1024 }: { bytes: Uint8Array; deadlineMs: number; maxHeapMb?: number }): Promise<XlsxParse> {
  const buffer = bytes.slice().buffer;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: buffer, transferList: [buffer], resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await new Promise<XlsxParse | 'missing'>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timeout', detail: `more than ${deadlineMs / 1000} s` }), deadlineMs);
    worker.once('message', (message: unknown) => {
      const answer = answerSchema.safeParse(message);
      if (!answer.success) return resolve({ ok: false, reason: 'invalid', detail: 'the parser answered something unexpected' });
      if (!answer.data.ok) return resolve(answer.data.missing ? 'missing' : { ok: false, reason: 'invalid', detail: answer.data.message });
      const sheets = sheetsSchema.safeParse(answer.data.sheets);
      resolve(sheets.success ? { ok: true, sheets: sheets.data } : { ok: false, reason: 'invalid', detail: 'cells of an unexpected kind' });
    });
    worker.once('error', (error: Error & { code?: string }) =>
      resolve(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, reason: 'memory', detail: `more than ${maxHeapMb} MB of memory` }
          : { ok: false, reason: 'invalid', detail: error.message },
      ),
    );
    worker.once('exit', (code) => resolve({ ok: false, reason: 'invalid', detail: `the parser stopped (exit code ${code})` }));
  });
  clearTimeout(timer);
  await worker.terminate();
  if (outcome !== 'missing') return outcome;
  if (!warnedInline) {
    warnedInline = true;
    console.warn('Excel workbooks are parsed on the main thread: the parser worker cannot load read-excel-file from the working directory.');
  }
  return parseInline(bytes);
}
