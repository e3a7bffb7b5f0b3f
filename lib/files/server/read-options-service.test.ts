import { describe, expect, it } from 'vitest';
import { readOptionsSchema } from '@/lib/files/sniff/read-options-schema';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { bindingOptions } from '../binding-options';
import { readMeta } from './dataset-records';
import { previewReadOptions, saveReadOptions } from './read-options-service';
import { expectDatasetError, OTHER_OWNER, TEST_OWNER, uploadDataset } from '../test-support/dataset-fixture';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

const MISREAD = 'Sales export 2024\nregion;units;revenue\nNorth;3;1.234,50\nSouth;5;987,25\n';

describe('read options: validation', () => {
  const refusal = (input: unknown) => {
    const parsed = readOptionsSchema.safeParse(input);
    if (parsed.success) throw new Error(`accepted ${JSON.stringify(input)}`);
    return parsed.error.issues.map((issue) => issue.message).join(' | ');
  };

  it('accepts every documented choice and an empty correction', () => {
    expect(readOptionsSchema.parse({})).toEqual({});
    const all = { delimiter: '\t', hasHeader: false, skipRows: 3, decimal: ',', thousands: '.', quoteChar: "'", encoding: 'latin-1', sheet: 'Data 2024' };
    expect(readOptionsSchema.parse(all)).toEqual(all);
  });

  it('refuses hostile or contradictory values with a message saying what is allowed', () => {
    expect(refusal({ delimiter: '\\s+' })).toMatch(/delimiter must be one of ",", ";", tab, "\|", space/);
    expect(refusal({ delimiter: 'x' })).toMatch(/delimiter must be one of/);
    expect(refusal({ skipRows: -1 })).toBe('Rows to skip cannot be negative');
    expect(refusal({ skipRows: 1.5 })).toBe('Rows to skip must be a whole number');
    expect(refusal({ skipRows: 10 ** 9 })).toBe('At most 1000 rows can be skipped');
    expect(refusal({ skipRows: '2' })).toBe('Rows to skip must be a number');
    expect(refusal({ encoding: 'utf-7' })).toMatch(/encoding must be one of "utf-8"/);
    expect(refusal({ decimal: ',', delimiter: ',' })).toMatch(/decimal separator cannot also be the delimiter/);
    expect(refusal({ thousands: '.' })).toMatch(/thousands separator cannot also be the decimal separator/);
    expect(refusal({ thousands: ';', delimiter: ';' })).toMatch(/thousands separator must be one of|cannot also separate fields/);
    expect(refusal({ thousands: ' ', delimiter: ' ' })).toBe('The thousands separator cannot also separate fields');
    expect(refusal({ sheet: 'a'.repeat(32) })).toBe('Sheet names have at most 31 characters');
    expect(refusal({ sheet: 'x\u0000y' })).toBe('The sheet name contains control characters');
    expect(refusal({ engine: 'python' })).toBe('Unknown read option(s): engine');
    expect(refusal({ __proto__: { skipRows: 1 }, converters: {} })).toMatch(/Unknown read option\(s\): converters/);
    expect(refusal('skip 2')).toBe('Read options must be an object');
  });
});

describe('read options: preview and save (local storage)', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });
  const storage = () => fixture.driver;

  it('previews without storing, then saves the correction with the re-sniffed schema and binding options', async () => {
    const { dataset } = await uploadDataset({ fixture, fileName: 'sales.csv', body: MISREAD });
    const before = await readMeta({ storage: storage(), id: dataset.id });
    const readOptions = { skipRows: 1, delimiter: ';', decimal: ',', thousands: '.' } as const;

    const preview = await previewReadOptions({ storage: storage(), viewer: TEST_OWNER, id: dataset.id, readOptions });
    expect(preview.columns.map((column) => [column.name, column.type])).toEqual([
      ['region', 'string'],
      ['units', 'integer'],
      ['revenue', 'number'],
    ]);
    expect(preview.sampleRows[0]).toEqual(['North', '3', '1.234,50']);
    expect(await readMeta({ storage: storage(), id: dataset.id })).toEqual(before);

    const saved = await saveReadOptions({ storage: storage(), viewer: TEST_OWNER, id: dataset.id, readOptions });
    expect(saved).toMatchObject({ displayName: 'sales.csv', readOptions, skipRows: 1, delimiter: ';', rowEstimate: { value: 2, exact: true } });
    const stored = await readMeta({ storage: storage(), id: dataset.id });
    expect(stored).toMatchObject({ id: dataset.id, key: dataset.key, ownerHash: TEST_OWNER.ownerHash, createdAt: before?.createdAt, readOptions });
    expect(stored && bindingOptions({ meta: stored })).toEqual({
      delimiter: ';',
      encoding: 'utf-8',
      decimal: ',',
      thousands: '.',
      skipRows: 1,
      hasHeader: true,
      names: ['region', 'units', 'revenue'],
    });

    // An empty correction goes back to what registration detected, leaving nothing of the correction behind.
    const reset = await saveReadOptions({ storage: storage(), viewer: TEST_OWNER, id: dataset.id, readOptions: {} });
    expect(reset.readOptions).toBeUndefined();
    expect(reset.thousandsSeparator).toBeUndefined();
    expect(reset.columns.map((column) => column.name)).toEqual(before?.columns.map((column) => column.name));
  });

  it('keeps the stored record when the correction cannot be applied', async () => {
    const { dataset } = await uploadDataset({ fixture, fileName: 'keep.csv', body: MISREAD });
    await saveReadOptions({ storage: storage(), viewer: TEST_OWNER, id: dataset.id, readOptions: { skipRows: 1, delimiter: ';' } });
    const before = await readMeta({ storage: storage(), id: dataset.id });
    const save = (readOptions: Parameters<typeof saveReadOptions>[0]['readOptions']) =>
      saveReadOptions({ storage: storage(), viewer: TEST_OWNER, id: dataset.id, readOptions });
    expect((await expectDatasetError(save({ skipRows: 50 }), 'unreadable')).message).toMatch(/With these options: .*no rows after the 50 skipped/);
    expect((await expectDatasetError(save({ sheet: 'Sheet1' }), 'invalid_input')).message).toContain('is a text file: it has no sheets');
    expect((await expectDatasetError(save({ encoding: 'utf-16be' }), 'unreadable')).message).toMatch(/utf-16be/);
    expect(await readMeta({ storage: storage(), id: dataset.id })).toEqual(before);
  });

  it('refuses another owner as if the dataset did not exist, and options a JSON file has no use for', async () => {
    const { dataset } = await uploadDataset({ fixture, fileName: 'mine.csv', body: MISREAD });
    await expectDatasetError(previewReadOptions({ storage: storage(), viewer: OTHER_OWNER, id: dataset.id, readOptions: {} }), 'not_found');
    await expectDatasetError(saveReadOptions({ storage: storage(), viewer: OTHER_OWNER, id: dataset.id, readOptions: { hasHeader: false } }), 'not_found');
    const json = await uploadDataset({ fixture, fileName: 'rows.json', body: '[{"a": 1}]' });
    expect(
      (
        await expectDatasetError(
          previewReadOptions({ storage: storage(), viewer: TEST_OWNER, id: json.dataset.id, readOptions: { hasHeader: false } }),
          'invalid_input',
        )
      ).message,
    ).toContain('is JSON: its columns come from its own structure');
  });
});
