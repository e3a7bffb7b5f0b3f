/**
 * A minimal Parquet writer for tests, because no writer is installed (hyparquet only reads and hyparquet-writer is
 * not in node_modules). It emits what the format requires and nothing more: one row group, one uncompressed
 * PLAIN data page (v1) per column, RLE definition levels for optional columns, and a Thrift-compact footer.
 * Being hand-written, it is checked in the tests by reading its output back with hyparquet itself.
 */

type ThriftValue =
  | { t: 'bool'; v: boolean }
  | { t: 'i32'; v: number }
  | { t: 'i64'; v: number | bigint }
  | { t: 'bin'; v: Uint8Array | string }
  | { t: 'struct'; v: ThriftField[] }
  | { t: 'list'; elem: 'i32' | 'bin' | 'struct'; v: ThriftValue[] };
type ThriftField = [id: number, value: ThriftValue];

const TYPE_ID = { i32: 5, i64: 6, bin: 8, list: 9, struct: 12 } as const;

class ByteSink {
  private buffer = new Uint8Array(1024);
  length = 0;

  push(...bytes: number[]): void {
    this.append(Uint8Array.from(bytes));
  }

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  varint(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.push(Number(rest));
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

const zigzag = (value: number | bigint): bigint => {
  const big = BigInt(value);
  return big >= 0n ? big << 1n : (-big << 1n) - 1n;
};

function writeValue(sink: ByteSink, value: ThriftValue): void {
  switch (value.t) {
    case 'i32':
    case 'i64':
      sink.varint(zigzag(value.v));
      return;
    case 'bin': {
      const bytes = typeof value.v === 'string' ? new TextEncoder().encode(value.v) : value.v;
      sink.varint(BigInt(bytes.length));
      sink.append(bytes);
      return;
    }
    case 'struct':
      writeStruct(sink, value.v);
      return;
    case 'list': {
      const size = value.v.length;
      if (size < 15) sink.push((size << 4) | TYPE_ID[value.elem]);
      else {
        sink.push(0xf0 | TYPE_ID[value.elem]);
        sink.varint(BigInt(size));
      }
      for (const item of value.v) writeValue(sink, item);
      return;
    }
    case 'bool':
      sink.push(value.v ? 1 : 0);
  }
}

function writeStruct(sink: ByteSink, fields: ThriftField[]): void {
  let last = 0;
  for (const [id, value] of fields) {
    const typeId = value.t === 'bool' ? (value.v ? 1 : 2) : TYPE_ID[value.t];
    const delta = id - last;
    if (delta > 0 && delta <= 15) sink.push((delta << 4) | typeId);
    else {
      sink.push(typeId);
      sink.varint(zigzag(id));
    }
    if (value.t !== 'bool') writeValue(sink, value);
    last = id;
  }
  sink.push(0);
}

function thriftStruct(fields: ThriftField[]): Uint8Array {
  const sink = new ByteSink();
  writeStruct(sink, fields);
  return sink.bytes();
}

const i32 = (v: number): ThriftValue => ({ t: 'i32', v });
const i64 = (v: number | bigint): ThriftValue => ({ t: 'i64', v });
const bin = (v: string): ThriftValue => ({ t: 'bin', v });

export type ParquetKind = 'int64' | 'double' | 'string' | 'boolean' | 'date' | 'timestamp';
export type ParquetCell = number | string | boolean | Date | null;
export interface ParquetColumnSpec {
  name: string;
  kind: ParquetKind;
  values: ParquetCell[];
}

// Physical type, converted type (legacy annotation hyparquet understands) per kind.
const PHYSICAL: Record<ParquetKind, { type: number; converted?: number }> = {
  int64: { type: 2 },
  double: { type: 5 },
  string: { type: 6, converted: 0 },
  boolean: { type: 0 },
  date: { type: 1, converted: 6 },
  timestamp: { type: 2, converted: 9 },
};

function plainValues({ kind, values }: { kind: ParquetKind; values: Exclude<ParquetCell, null>[] }): Uint8Array {
  const sink = new ByteSink();
  if (kind === 'boolean') {
    const packed = new Uint8Array(Math.ceil(values.length / 8));
    values.forEach((value, index) => {
      if (value === true) packed[index >> 3] = (packed[index >> 3] ?? 0) | (1 << (index & 7));
    });
    return packed;
  }
  for (const value of values) {
    const view = new DataView(new ArrayBuffer(8));
    if (kind === 'int64') view.setBigInt64(0, BigInt(value as number), true);
    else if (kind === 'timestamp') view.setBigInt64(0, BigInt((value as Date).getTime()), true);
    else if (kind === 'double') view.setFloat64(0, value as number, true);
    else if (kind === 'date') view.setInt32(0, Math.floor((value as Date).getTime() / 86_400_000), true);
    if (kind === 'string') {
      const bytes = new TextEncoder().encode(value as string);
      const length = new DataView(new ArrayBuffer(4));
      length.setUint32(0, bytes.length, true);
      sink.append(new Uint8Array(length.buffer));
      sink.append(bytes);
    } else sink.append(new Uint8Array(view.buffer, 0, kind === 'date' ? 4 : 8));
  }
  return sink.bytes();
}

/** Definition levels (bit width 1) as RLE runs, prefixed by their byte length as data page v1 requires. */
function definitionLevels({ values }: { values: ParquetCell[] }): Uint8Array {
  const runs = new ByteSink();
  for (let index = 0; index < values.length; ) {
    const defined = values[index] !== null;
    let end = index;
    while (end < values.length && (values[end] !== null) === defined) end += 1;
    runs.varint(BigInt((end - index) << 1));
    runs.push(defined ? 1 : 0);
    index = end;
  }
  const body = runs.bytes();
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}

/** Builds a complete single-row-group Parquet file. */
export function makeParquetFile({ columns }: { columns: ParquetColumnSpec[] }): Uint8Array {
  const rowCount = columns[0]?.values.length ?? 0;
  const file = new ByteSink();
  file.append(new TextEncoder().encode('PAR1'));
  const chunks: ThriftValue[] = [];
  for (const column of columns) {
    const optional = column.values.some((value) => value === null);
    const present = column.values.filter((value): value is Exclude<ParquetCell, null> => value !== null);
    const levels = optional ? definitionLevels({ values: column.values }) : new Uint8Array(0);
    const values = plainValues({ kind: column.kind, values: present });
    const body = new Uint8Array(levels.length + values.length);
    body.set(levels, 0);
    body.set(values, levels.length);
    const header = thriftStruct([
      [1, i32(0)],
      [2, i32(body.length)],
      [3, i32(body.length)],
      [
        5,
        {
          t: 'struct',
          v: [
            [1, i32(rowCount)],
            [2, i32(0)],
            [3, i32(3)],
            [4, i32(3)],
          ],
        },
      ],
    ]);
    const offset = file.length;
    file.append(header);
    file.append(body);
    const chunkSize = header.length + body.length;
    chunks.push({
      t: 'struct',
      v: [
        [2, i64(offset)],
        [
          3,
          {
            t: 'struct',
            v: [
              [1, i32(PHYSICAL[column.kind].type)],
              [2, { t: 'list', elem: 'i32', v: [i32(0), i32(3)] }],
              [3, { t: 'list', elem: 'bin', v: [bin(column.name)] }],
              [4, i32(0)],
              [5, i64(rowCount)],
              [6, i64(chunkSize)],
              [7, i64(chunkSize)],
              [9, i64(offset)],
            ],
          },
        ],
      ],
    });
  }
  const schema: ThriftValue[] = [
    {
      t: 'struct',
      v: [
        [4, bin('schema')],
        [5, i32(columns.length)],
      ],
    },
    ...columns.map((column): ThriftValue => {
      const { type, converted } = PHYSICAL[column.kind];
      const optional = column.values.some((value) => value === null);
      const fields: ThriftField[] = [
        [1, i32(type)],
        [3, i32(optional ? 1 : 0)],
        [4, bin(column.name)],
      ];
      if (converted !== undefined) fields.push([6, i32(converted)]);
      return { t: 'struct', v: fields };
    }),
  ];
  const footer = thriftStruct([
    [1, i32(1)],
    [2, { t: 'list', elem: 'struct', v: schema }],
    [3, i64(rowCount)],
    [
      4,
      {
        t: 'list',
        elem: 'struct',
        v: [
          {
            t: 'struct',
            v: [
              [1, { t: 'list', elem: 'struct', v: chunks }],
              [2, i64(file.length - 4)],
              [3, i64(rowCount)],
            ],
          },
        ],
      },
    ],
    [6, bin('ask-your-data test writer')],
  ]);
  return finishFile({ sink: file, footer });
}

function finishFile({ sink, footer }: { sink: ByteSink; footer: Uint8Array }): Uint8Array {
  sink.append(footer);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  sink.append(length);
  sink.append(new TextEncoder().encode('PAR1'));
  return sink.bytes();
}

/**
 * The footer (plus length and "PAR1") of a large file whose data pages are never read: `rowGroups` groups of
 * `columnCount` double columns, each chunk `chunkBytes` long. Used to show that registering a Parquet file reads
 * its footer only, however big the body.
 */
export function makeParquetFooter({
  columnCount,
  rowGroups,
  rowsPerGroup,
  chunkBytes,
}: {
  columnCount: number;
  rowGroups: number;
  rowsPerGroup: number;
  chunkBytes: number;
}): { tail: Uint8Array; size: number } {
  const names = Array.from({ length: columnCount }, (_, index) => `metric_${index + 1}`);
  let offset = 4;
  const groups: ThriftValue[] = [];
  for (let group = 0; group < rowGroups; group += 1) {
    const chunks: ThriftValue[] = names.map((name) => {
      const chunk: ThriftValue = {
        t: 'struct',
        v: [
          [2, i64(offset)],
          [
            3,
            {
              t: 'struct',
              v: [
                [1, i32(5)],
                [2, { t: 'list', elem: 'i32', v: [i32(0)] }],
                [3, { t: 'list', elem: 'bin', v: [bin(name)] }],
                [4, i32(0)],
                [5, i64(rowsPerGroup)],
                [6, i64(chunkBytes)],
                [7, i64(chunkBytes)],
                [9, i64(offset)],
              ],
            },
          ],
        ],
      };
      offset += chunkBytes;
      return chunk;
    });
    groups.push({
      t: 'struct',
      v: [
        [1, { t: 'list', elem: 'struct', v: chunks }],
        [2, i64(chunkBytes * columnCount)],
        [3, i64(rowsPerGroup)],
      ],
    });
  }
  const schema: ThriftValue[] = [
    {
      t: 'struct',
      v: [
        [4, bin('schema')],
        [5, i32(columnCount)],
      ],
    },
    ...names.map(
      (name): ThriftValue => ({
        t: 'struct',
        v: [
          [1, i32(5)],
          [3, i32(0)],
          [4, bin(name)],
        ],
      }),
    ),
  ];
  const footer = thriftStruct([
    [1, i32(1)],
    [2, { t: 'list', elem: 'struct', v: schema }],
    [3, i64(BigInt(rowGroups) * BigInt(rowsPerGroup))],
    [4, { t: 'list', elem: 'struct', v: groups }],
  ]);
  const tail = finishFile({ sink: new ByteSink(), footer });
  return { tail, size: offset + tail.length };
}
