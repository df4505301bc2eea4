import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store';

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the embedded DuckDB file in GATEWAY_LENS_DATA_DIR', async () => {
    const store = await openStore({ GATEWAY_LENS_DATA_DIR: dir });
    try {
      expect(store.engine).toBe('duckdb');
      await store.createIncident({ title: 'kept' });
    } finally {
      await store.close();
    }
    const again = await openStore({ GATEWAY_LENS_DATA_DIR: dir });
    try {
      expect((await again.listIncidents()).map((i) => i.title)).toEqual(['kept']);
    } finally {
      await again.close();
    }
  });

  it('refuses DATABASE_URL, which names a PostgreSQL store this version does not have, without echoing its secrets', async () => {
    const opening = openStore({ GATEWAY_LENS_DATA_DIR: dir, DATABASE_URL: 'postgres://lens:s3cret@db.internal:5432/lens' });
    await expect(opening).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('DATABASE_URL is set (postgres:…), but this version of Gateway Lens has no PostgreSQL store'),
    });
    await expect(opening).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
  });
});
