import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { pathPrefixSql } from '../rollups';
import { isEndpoint, ofEndpoint, Params } from '../selection';

// Paths around the edges of "first two segments": query strings, fragments, empty segments, a shared start.
const PATHS = [
  '/', '/?q=1', '/#top', '//x', '/api', '/api?x=1', '/api#a', '/api/', '/api//x', '/api/item', '/api/item/1', '/api/item/1/2',
  '/api/item?x=/y', '/api/item#f', '/api/items', '/api/items/1', '/apix', '/apix/item', 'api', '*', '',
];

describe('an endpoint selects the paths whose first two segments it is (real DuckDB)', () => {
  it('matches what cutting each path\'s prefix gives, without cutting it', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run(`CREATE TABLE t AS SELECT unnest([${PATHS.map((p) => `'${p}'`).join(', ')}, NULL]) AS path`);
      const cut = (await db.runAndReadAll(`SELECT DISTINCT ${pathPrefixSql('path')} AS e FROM t WHERE path IS NOT NULL`)).getRowObjectsJS().map((r) => String(r.e));
      const endpoints = [...cut.filter(isEndpoint), '/api/ite', '/ap', '/api/items'];
      expect(endpoints).toEqual(expect.arrayContaining(['/', '/api', '/api/', '/api/item', '/apix/item']));
      for (const endpoint of endpoints) {
        const p = new Params();
        const selected = await db.runAndReadAll(`SELECT path FROM t WHERE ${ofEndpoint('path', endpoint, p)} ORDER BY path`, p.values as string[]);
        const cutTo = await db.runAndReadAll(`SELECT path FROM t WHERE ${pathPrefixSql('path')} = $1 ORDER BY path`, [endpoint]);
        expect({ endpoint, paths: selected.getRowsJS().flat() }).toEqual({ endpoint, paths: cutTo.getRowsJS().flat() });
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('is a path\'s first one or two segments: a "/", no "?" or "#"', () => {
    expect(['/', '/api', '/api/', '/api/item', '//'].filter((e) => !isEndpoint(e))).toEqual([]);
    expect(['api', '', '/api/item/1', '/api?x', '/api#a', '/a/b/'].filter(isEndpoint)).toEqual([]);
  });
});
