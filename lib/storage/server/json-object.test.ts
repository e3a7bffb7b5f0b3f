import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { readJsonObject, writeJsonObject } from './json-object';
import { createLocalStorage, type LocalStorageDriver } from './local';

const schema = z.object({ id: z.string(), count: z.number() });

describe('readJsonObject / writeJsonObject', () => {
  let dataDir: string;
  let storage: LocalStorageDriver;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'json-object-'));
    storage = createLocalStorage({ dataDir, signingSecret: 'test', uploadUrlExpirySeconds: 60, downloadUrlExpirySeconds: 60, maxUploadBytes: 1024 });
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('round-trips an object as application/json', async () => {
    await writeJsonObject({ storage, key: 'records/a.json', value: { id: 'a', count: 2 } });
    expect(await readJsonObject({ storage, key: 'records/a.json', schema })).toEqual({ id: 'a', count: 2 });
    expect((await storage.headObject({ key: 'records/a.json' }))?.contentType).toBe('application/json');
  });

  it('answers null for an absent key without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await readJsonObject({ storage, key: 'records/none.json', schema, warnIfInvalid: 'bad' })).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('answers null for junk, a schema failure or a refused value, warning only when asked', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await storage.putObject({ key: 'records/junk.json', body: '{not json' });
    await writeJsonObject({ storage, key: 'records/wrong.json', value: { id: 'w', count: 'many' } });
    expect(await readJsonObject({ storage, key: 'records/junk.json', schema })).toBeNull();
    expect(await readJsonObject({ storage, key: 'records/wrong.json', schema })).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    expect(await readJsonObject({ storage, key: 'records/a.json', schema, accept: (value) => value.id === 'b', warnIfInvalid: 'not b' })).toBeNull();
    expect(warn).toHaveBeenCalledWith('not b');
    warn.mockRestore();
  });
});
