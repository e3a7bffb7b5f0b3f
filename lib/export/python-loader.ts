import type { ExportDataset } from './export-source';
import { pythonCommentText, pythonLiteral, pythonString } from '@/lib/text/python-literal';

/**
 * The data-loading part of the .py and .ipynb exports: read each file with the pandas reader and options the browser
 * kernel used (workers/python/kernel_datasets.py) and bind it to the same df1..dfN. The helper is fixed Python; the
 * only per-analysis parts are literals built by lib/text/python-literal.ts.
 */

/** The exports write every string double-quoted, like the helper's own. */
const DOUBLE = { quote: '"' } as const;

const LOAD_HELPER = `def _codec(path, encoding):
    """The Python codec for the catalog's encoding name, as the browser kernel chose it."""
    if encoding in (None, "utf-8", "utf-8-bom"):
        return "utf-8-sig"  # also reads files without a byte-order mark
    if encoding in ("utf-16le", "utf-16be"):
        with open(path, "rb") as file:
            bom = file.read(2)
        if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"  # reads the byte order from the mark and drops it
        return "utf-16-le" if encoding == "utf-16le" else "utf-16-be"
    return encoding


def load_dataset(file_name, original_name, fmt, options):
    """Reads one data file the way the browser kernel bound it (same reader, same options)."""
    path = DATA_DIR / file_name
    if not path.exists() and (DATA_DIR / original_name).exists():
        path = DATA_DIR / original_name
    if not path.exists():
        raise FileNotFoundError(f"Put the data file {file_name!r} (uploaded as {original_name!r}) into {DATA_DIR}")
    header = 0 if options.get("hasHeader", True) else None
    encoding = options.get("encoding")
    if fmt in ("csv", "tsv"):
        sep = options.get("delimiter", "," if fmt == "csv" else "\\t")
        frame = pd.read_csv(path, sep=r"\\s+" if sep == " " else sep,  # a space: runs of spaces or tabs
                            encoding=_codec(path, encoding), decimal=options.get("decimal", "."),
                            thousands=options.get("thousands"), quotechar=options.get("quoteChar", '"'),
                            skiprows=options.get("skipRows", 0), header=header, low_memory=False)
    elif fmt == "json":
        frame = pd.read_json(path, orient="records", encoding=_codec(path, encoding))
    elif fmt == "jsonl":
        frame = pd.read_json(path, lines=True, encoding=_codec(path, encoding))
    elif fmt == "parquet":
        frame = pd.read_parquet(path)
    elif fmt == "xlsx":
        frame = pd.read_excel(path, sheet_name=options.get("sheet", 0), header=header, skiprows=options.get("skipRows", 0))
    else:
        raise ValueError(f"unknown data format {fmt!r}")
    names = options.get("names")
    if names is not None and len(names) == frame.shape[1]:
        frame.columns = names  # the catalog's column names (duplicates and blanks renamed)
    elif header is None:
        frame.columns = [f"column_{index + 1}" for index in range(frame.shape[1])]
    return frame`;

/** "12.3 kB" style sizes for the header. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** One line per dataset for headers: `df1 = data/<file> ("<name>", csv, 55 B, sha256 …)`. */
export function describeDataset(dataset: ExportDataset): string {
  const hash = dataset.contentHash ? `, sha256 ${dataset.contentHash}` : '';
  return `${dataset.variable} = data/${dataset.fileName} (uploaded as “${dataset.displayName}”, ${dataset.format}, ${formatSize(dataset.size)}${hash})`;
}

const DATA_PATH_HELPER = `def data_path(name):
    """Where the browser's /data/<name> is for this export: in DATA_DIR (the code's own paths were rewritten to this)."""
    original = UPLOAD_NAMES.get(name)
    if original is not None and not (DATA_DIR / name).exists():
        if (DATA_DIR / original).exists():
            return str(DATA_DIR / original)
        raise FileNotFoundError(f"Put the data file {name!r} (uploaded as {original!r}) into {DATA_DIR}")
    return f"{DATA_DIR}/{name}"`;

function checkVariable(variable: string): void {
  // The one piece of a dataset that is written as code, not as a literal: it must be a plain identifier.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(variable)) throw new Error(`Not a dataset variable: ${JSON.stringify(variable)}`);
}

/** `df1 = load_dataset(…)`: one variable bound to one file, with the reader options the kernel used. */
export function bindingStatement(dataset: ExportDataset): string {
  checkVariable(dataset.variable);
  return `${dataset.variable} = load_dataset(${pythonString(dataset.fileName, DOUBLE)}, ${pythonString(dataset.displayName, DOUBLE)}, ${pythonString(dataset.format, DOUBLE)}, ${pythonLiteral(dataset.options ?? {}, DOUBLE)})`;
}

/** What a binding reads (file and options): a question re-binds a variable only when this changes, as the kernel does. */
export function bindingKey(dataset: ExportDataset): string {
  return JSON.stringify([dataset.fileName, dataset.format, dataset.options ?? {}]);
}

/**
 * Imports, DATA_DIR, the loading helpers and the first question's df1..dfN assignments. `files` lists every data file
 * of the analysis (one per dataset); `bindings` are the variables bound before the first question (later questions
 * re-bind what changes, see the exporters). `dataDir` is the Python expression of the data folder: next to the
 * script for .py, the working directory for a notebook (which has no __file__).
 */
export function loaderSource({
  files,
  bindings,
  dataDir,
  where,
}: {
  files: ExportDataset[];
  bindings: ExportDataset[];
  dataDir: string;
  where: string;
}): string {
  if (files.length === 0) return 'import pandas as pd\n';
  for (const { variable } of [...files, ...bindings]) checkVariable(variable);
  const listed = files.map((dataset) => `#   ${pythonCommentText(`data/${dataset.fileName}  (uploaded as “${dataset.displayName}”)`)}`);
  const uploadNames = `UPLOAD_NAMES = {${files.map((dataset) => `${pythonString(dataset.fileName, DOUBLE)}: ${pythonString(dataset.displayName, DOUBLE)}`).join(', ')}}`;
  return [
    'import codecs',
    'from pathlib import Path',
    '',
    'import pandas as pd',
    '',
    `# The data: put these files in a folder named "data" ${where} (the original upload names work too):`,
    ...listed,
    '# or point DATA_DIR at the folder that holds them.',
    `DATA_DIR = ${dataDir}`,
    uploadNames,
    '',
    '',
    LOAD_HELPER,
    '',
    '',
    DATA_PATH_HELPER,
    '',
    '',
    ...bindings.map(bindingStatement),
    '',
  ].join('\n');
}
