import { deflateSync } from 'node:zlib';
import { expectCodedError } from '@/lib/testing/expect-error';
import { AnalysisError } from '../server/analysis-errors';
import { hashOwnerToken, newOwnerToken } from '@/lib/access/server/owner-token';
import type { SaveAnalysisInput } from '../save-input';

/** Builders shared by the analysis tests: real PNGs, save inputs, owners, error expectations. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real RGB PNG of `width` × `height` (grey), optionally padded with an ancillary chunk to reach `padBytes`. */
export function makePng({ width, height, padBytes = 0 }: { width: number; height: number; padBytes?: number }): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let row = 0; row < height; row += 1) raw[row * (width * 3 + 1)] = 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (padBytes > 0) parts.push(chunk('zTXt', Buffer.alloc(padBytes, 0x41)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

export const PNG_3X2 = makePng({ width: 3, height: 2 }).toString('base64');

export function newOwner(): { token: string; hash: string } {
  const token = newOwnerToken();
  return { token, hash: hashOwnerToken({ token }) };
}

const METRICS = { llmCalls: 1, inputTokens: 10, outputTokens: 20, generationMs: 5, fetchMs: 1, runMs: 2, repairAttempts: 0, answerMs: 3 };
const TIMINGS = { validateMs: 1, loadPackagesMs: 0, executeMs: 2, totalMs: 3 };

type Run = NonNullable<SaveAnalysisInput['turns'][number]['attempts'][number]['result']>;

export function runResult(overrides: Partial<Run> = {}): Run {
  return { status: 'ok', stdout: 'units 14\n', stderr: '', error: null, figures: [], result: null, timings: TIMINGS, ...overrides };
}

/** A two-question save input: the first with a figure and a table, the second repaired once. */
export function sampleInput(overrides: Partial<SaveAnalysisInput> = {}): SaveAnalysisInput {
  return {
    turns: [
      {
        question: 'How many units per region?',
        plan: 'Group by region and sum units.',
        answer: 'South sold the most units (4).',
        provider: { kind: 'offline', model: 'offline-planner', label: 'Offline planner' },
        metrics: METRICS,
        attempts: [
          {
            number: 1,
            code: "result = df1.groupby('region')['units'].sum()",
            result: runResult({
              figures: [{ pngBase64: PNG_3X2, width: 640, height: 480 }],
              result: {
                kind: 'table',
                source: 'series',
                columns: ['region', 'units'],
                dtypes: ['object', 'int64'],
                rows: [
                  ['East', 7],
                  ['North', 3],
                  ['South', 4],
                ],
                totalRows: 3,
                totalColumns: 2,
                truncated: false,
              },
            }),
          },
        ],
      },
      {
        question: 'And the mean price?',
        answer: 'About 2.25.',
        metrics: { ...METRICS, repairAttempts: 1 },
        attempts: [
          {
            number: 1,
            code: "df1['prize'].mean()",
            result: runResult({ status: 'python', stdout: '', error: { type: 'KeyError', message: "'prize'", line: 1, traceback: "KeyError: 'prize'" } }),
          },
          {
            number: 2,
            code: "df1['price'].mean()",
            change: 'prize → price',
            fixedBy: 'local',
            result: runResult({ stdout: '', result: { kind: 'scalar', value: 2.25, pyType: 'float', truncated: false } }),
          },
          // Cancelled before the kernel answered: not saved.
          { number: 3, code: "df1['price'].median()" },
        ],
      },
    ],
    datasetIds: [],
    versions: { pyodide: '314.0.7', python: '3.14.0', packages: ['pandas 3.0.0'] },
    allowRerun: false,
    ...overrides,
  };
}

/** Awaits a promise expected to fail with an AnalysisError of `code`. */
export async function expectAnalysisError(promise: Promise<unknown>, code: AnalysisError['code']): Promise<AnalysisError> {
  return expectCodedError({ promise, errorClass: AnalysisError, code, what: 'an AnalysisError' });
}
