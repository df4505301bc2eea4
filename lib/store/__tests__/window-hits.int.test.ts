import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import type { Store } from '../types';

// Real nginx lines (the api pool's one server failing), their failed requests' paths rewritten per second to
// /c/x, /b/x, /a/x in turn, the remainder to /z/x: in each second the first three are tied, written in the
// reverse of their names' order.
const scenario = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server');
const FAILED = /^(\S+ \S+ \S+ \[([^\]]+)\] "GET )(\S+)( HTTP\/1\.1" (?:502|009) .*)$/;

function rewritten(): { text: string; second: string; tied: number } {
  const lines = readFileSync(join(scenario, 'access.log'), 'utf8').trimEnd().split('\n');
  const perSecond = new Map<string, number>();
  for (const line of lines) {
    const m = FAILED.exec(line);
    if (m) perSecond.set(m[2]!, (perSecond.get(m[2]!) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const text = lines.map((line) => {
    const m = FAILED.exec(line);
    if (!m) return line;
    const k = seen.get(m[2]!) ?? 0;
    seen.set(m[2]!, k + 1);
    const tiedUpTo = Math.floor(perSecond.get(m[2]!)! / 3) * 3;
    return `${m[1]}${k < tiedUpTo ? ['/c', '/b', '/a'][k % 3] : '/z'}/x/${k}${m[4]}`;
  }).join('\n') + '\n';
  const [second, n] = [...perSecond].find(([, count]) => count >= 6)!;
  return { text, second, tied: Math.floor(n / 3) };
}

describe('the hosts and paths of a failing stretch', () => {
  let store: Store;
  let incidentId: string;
  let dir: string;
  const log = rewritten();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'window-hits-'));
    writeFileSync(join(dir, 'access.log'), log.text);
    ({ store, incidentId } = await storedIncident('ties', [join(dir, 'access.log')], { context: UTC }));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are ranked most failed first and, among equals, by name, the same on every read', async () => {
    const from = Date.parse(log.second.replace(/^(\d+)\/(\w+)\/(\d+):(\d+:\d+:\d+) \+0000$/, '$2 $1 $3 $4 UTC'));
    const windows = [{ server: '127.0.0.1:18111', pool: null, from, to: from + 1000 }];
    for (let i = 0; i < 5; i++) {
      const rows = await store.windowHits({ incidentId, windows, top: 3 });
      // Rows come in no order: their rank places them (hitsOf in lib/diagnosis/window-hits.ts sorts by it).
      const paths = rows.filter((r) => r.kind === 'path').map((r) => [r.rank, r.value, r.failed]).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(paths).toEqual([[1, '/a/x', log.tied], [2, '/b/x', log.tied], [3, '/c/x', log.tied]]);
    }
  });
});
