import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDatasetMeta, type DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { sniffDataset } from '@/lib/files/sniff/sniff';
import { REAL_FILES, SHAPED_FILES, twinSitePackages } from '@/lib/files/sniff/test-support/real-shapes';
import { memoryFile } from '@/lib/files/sniff/test-support/virtual-file';
import { loaderSource } from '@/lib/export/python-loader';
import { pythonString } from '@/lib/text/python-literal';
import { assertPythonHas, PYTHON_BIN } from '@/lib/testing/python-bin';
import { bindingOptions } from '../binding-options';

/**
 * The python tier of "reading real files": every file the sniffer describes is read on the twin runtime (pandas 3,
 * the browser's versions) by the kernel's own reader (workers/python/kernel_datasets.py, through parse_bindings so the
 * options are validated as the kernel validates them) and by the .py export's loader (lib/export/python-loader.ts),
 * each with the options bindingOptions() built from the sniffed record. Both must give the columns, the row count and
 * the first rows the record (the files panel's preview) shows.
 */

interface Case {
  name: string;
  fileName: string;
  meta: DatasetMeta;
}

const frameSchema = z.object({ columns: z.array(z.string()), rows: z.number(), head: z.array(z.array(z.unknown())) });
const outputSchema = z.record(z.string(), z.object({ kernel: frameSchema, export: frameSchema }));

const DUMP = `
import json, sys, types
sys.path.insert(0, WORKERS)
from kernel_datasets import parse_bindings

def dump(frame):
    return {"columns": [str(name) for name in frame.columns], "rows": int(len(frame)),
            "head": json.loads(frame.head(5).to_json(orient="values", double_precision=15))}

policy = types.SimpleNamespace(data_dir=str(DATA_DIR), denied_calls=set(),
                               dataset_packages={"csv": ["pandas"], "tsv": ["pandas"], "xlsx": ["pandas"]})
bindings = parse_bindings(json.dumps(BINDINGS), policy)
print(json.dumps({name: {"kernel": dump(bindings[variable].read()), "export": dump(globals()[variable])}
                  for name, variable in CASES.items()}))
`;

let dataDir = '';
const cases: Case[] = [];

async function describeFile({
  name,
  fileName,
  bytes,
  readOptions,
}: {
  name: string;
  fileName: string;
  bytes: Uint8Array | string;
  readOptions?: DatasetMeta['readOptions'];
}): Promise<void> {
  const file = memoryFile({ fileName, bytes });
  const sniffed = await sniffDataset({ fileName, size: file.size, readRange: file.readRange, readOptions });
  if (!sniffed.ok) throw new Error(`${name}: ${sniffed.message}`);
  const id = `case${String(cases.length).padStart(4, '0')}abcdefgh`;
  cases.push({ name, fileName, meta: createDatasetMeta({ sniffed: sniffed.meta, id, key: `datasets/${id}/${fileName}` }) });
}

/** A sample cell as the record shows it (raw text) against the value pandas read. */
function sameCell({ shown, read, meta }: { shown: unknown; read: unknown; meta: DatasetMeta }): boolean {
  if (shown === null) return read === null;
  if (typeof read === 'number') {
    const thousands = meta.thousandsSeparator ?? '';
    const text = String(shown)
      .trim()
      .split(thousands || '\u0000')
      .join('')
      .replace(meta.decimalSeparator, '.');
    return Math.abs(Number(text) - read) <= 1e-9 * Math.max(1, Math.abs(read));
  }
  return String(shown) === String(read);
}

beforeAll(async () => {
  assertPythonHas({ modules: ['pandas'] });
  dataDir = mkdtempSync(path.join(tmpdir(), 'read-options-'));
  for (const shaped of SHAPED_FILES) {
    await describeFile({ name: shaped.name, fileName: shaped.fileName, bytes: shaped.text, readOptions: shaped.readOptions });
    writeFileSync(path.join(dataDir, shaped.fileName), shaped.text);
  }
  const site = twinSitePackages();
  for (const real of site ? REAL_FILES : []) {
    const fileName = `real-${path.basename(real.file)}`;
    copyFileSync(path.join(site ?? '', real.file), path.join(dataDir, fileName));
    await describeFile({ name: `real ${real.file}`, fileName, bytes: readFileSync(path.join(dataDir, fileName)) });
  }
}, 60_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('read options reproduce the sniffed schema under pandas (twin)', () => {
  it('the kernel reader and the export loader read every case as the record describes it', () => {
    const datasets = cases.map((entry, index) => ({
      variable: `df${index + 1}`,
      displayName: entry.fileName,
      fileName: entry.fileName,
      format: entry.meta.format,
      size: entry.meta.size,
      options: bindingOptions({ meta: entry.meta }),
    }));
    const program = [
      loaderSource({ files: datasets, bindings: datasets, dataDir: `Path(${pythonString(dataDir)})`, where: 'here' }),
      `WORKERS = ${pythonString(path.resolve(__dirname, '../../../workers/python'))}`,
      'import json',
      `BINDINGS = json.loads(${pythonString(JSON.stringify(datasets.map((dataset) => ({ variable: dataset.variable, path: path.join(dataDir, dataset.fileName), format: dataset.format, options: dataset.options }))))})`,
      `CASES = json.loads(${pythonString(JSON.stringify(Object.fromEntries(cases.map((entry, index) => [entry.name, `df${index + 1}`]))))})`,
      DUMP,
    ].join('\n');
    const script = path.join(dataDir, 'read_all.py');
    writeFileSync(script, program);
    const child = spawnSync(PYTHON_BIN, [script], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const output = outputSchema.parse(JSON.parse(child.stdout));
    expect(Object.keys(output).length).toBe(cases.length);

    for (const { name, meta } of cases) {
      const read = output[name];
      for (const reader of ['kernel', 'export'] as const) {
        const frame = read?.[reader];
        const where = `${name} (${reader})`;
        expect(frame?.columns, where).toEqual(meta.columns.map((column) => column.name));
        expect(frame?.rows, where).toBe(meta.rowEstimate.value);
        meta.sampleRows.forEach((row, rowIndex) => {
          row.forEach((shown, cellIndex) => {
            const value = frame?.head[rowIndex]?.[cellIndex];
            expect(
              sameCell({ shown, read: value ?? null, meta }),
              `${where} row ${rowIndex + 1} column ${cellIndex + 1}: ${JSON.stringify(shown)} vs ${JSON.stringify(value)}`,
            ).toBe(true);
          });
        });
      }
    }
  }, 180_000);
});
