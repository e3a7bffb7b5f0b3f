import type { DatasetFormat } from '@/lib/files/sniff/dataset-meta';
import type { DatasetBinding } from '@/workers/kernel-protocol';

/**
 * The pandas call the kernel makes for a binding (workers/python/kernel_datasets.py), written out for people: the
 * files panel shows it under the schema and next to a correction's preview, so the analyst sees exactly what
 * `df1` will be read with. Display text only; the kernel gets the options as JSON, never this source.
 */

const ENCODING_CODECS: Record<string, string> = { 'utf-8': 'utf-8-sig', 'utf-8-bom': 'utf-8-sig', 'utf-16le': 'utf-16', 'utf-16be': 'utf-16' };

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export function describeReadCall({ format, options = {} }: { format: DatasetFormat; options?: DatasetBinding['options'] }): string {
  const args: string[] = [];
  const add = (name: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== fallback) args.push(`${name}=${literal(value)}`);
  };
  if (format === 'csv' || format === 'tsv') {
    const sep = options.delimiter ?? (format === 'tsv' ? '\t' : ',');
    args.push(sep === ' ' ? 'sep=r"\\s+"' : `sep=${literal(sep)}`);
    add('skiprows', options.skipRows, 0);
    add('quotechar', options.quoteChar, '"');
    add('decimal', options.decimal, '.');
    add('thousands', options.thousands);
    const codec = options.encoding ? (ENCODING_CODECS[options.encoding] ?? options.encoding) : undefined;
    add('encoding', codec, 'utf-8-sig');
    if (options.hasHeader === false) args.push('header=None');
    return `pd.read_csv(path, ${args.join(', ')})`;
  }
  if (format === 'xlsx') {
    add('sheet_name', options.sheet);
    add('skiprows', options.skipRows, 0);
    if (options.hasHeader === false) args.push('header=None');
    return `pd.read_excel(path${args.length > 0 ? `, ${args.join(', ')}` : ''})`;
  }
  if (format === 'parquet') return 'pd.read_parquet(path)';
  return format === 'jsonl' ? 'pd.read_json(path, lines=True)' : 'pd.read_json(path, orient="records")';
}
