import { describe, expect, it } from 'vitest';
import { nginxUpstream, nginxUpstreamTimed } from '../../formats/nginx-access';
import { attemptRows } from '../attempt-rows';

// Real nginx 1.22 lines from e2e/fixtures/corpus.
const lines = {
  retried:
    '127.0.0.1 - - [25/Nov/2026:00:37:24 +0000] "GET /media/item/293 HTTP/1.1" 200 3 "-" "scenario-client/1" 0.013 127.0.0.1:18131, 127.0.0.1:18132 502, 200 0.000, 0.013 0.000, 0.000 -, 0.013 media',
  own502:
    '127.0.0.1 - - [25/Nov/2026:00:35:27 +0000] "GET /search/item/1340 HTTP/1.1" 502 3 "-" "scenario-client/1" 0.002 127.0.0.1:18201 502 0.002 0.001 0.002 search',
  http09:
    '127.0.0.1 - - [25/Nov/2026:00:36:40 +0000] "GET /api/item/635 HTTP/1.1" 009 15 "-" "scenario-client/1" 0.001 127.0.0.1:18111 200 0.001 0.001 0.001 api',
  timeout:
    '127.0.0.1 - - [25/Nov/2026:00:37:35 +0000] "GET /search/item/592 HTTP/1.1" 504 167 "-" "scenario-client/1" 1.001 127.0.0.1:18141 504 1.001 0.000 - search',
  ok: '127.0.0.1 - - [25/Nov/2026:00:36:09 +0000] "GET /api/item/1 HTTP/1.1" 200 3 "-" "scenario-client/1" 0.009 127.0.0.1:18111 200 0.009 0.000 0.009 api',
};

function rowsOf(line: string) {
  const result = nginxUpstreamTimed.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return attemptRows(result.record).map(({ seq, server, status, failed, cause }) => ({ seq, server, status, failed, cause }));
}

describe('per-attempt accounting', () => {
  it('"a, b" with "502, 200" is one failed attempt on a and one success on b; the request is a 200', () => {
    expect(rowsOf(lines.retried)).toEqual([
      { seq: 0, server: '127.0.0.1:18131', status: '502', failed: true, cause: 'unknown' },
      { seq: 1, server: '127.0.0.1:18132', status: '200', failed: false, cause: null },
    ]);
  });

  it('a 502 whose response header arrived (nginx timed it) is the upstream\'s own 502', () => {
    expect(rowsOf(lines.own502)).toEqual([{ seq: 0, server: '127.0.0.1:18201', status: '502', failed: true, cause: 'upstream_returned_502' }]);
  });

  it('a 502 without a response header stays unknown until the error log says why', () => {
    const refused =
      '127.0.0.1 - - [25/Nov/2026:00:36:18 +0000] "GET /api/item/197 HTTP/1.1" 502 157 "-" "scenario-client/1" 0.000 127.0.0.1:18111 502 0.000 - - api';
    expect(rowsOf(refused)).toEqual([{ seq: 0, server: '127.0.0.1:18111', status: '502', failed: true, cause: 'unknown' }]);
  });

  it('a try recorded 200 whose answer reached the client as 009 (not HTTP) failed with an invalid response', () => {
    expect(rowsOf(lines.http09)).toEqual([{ seq: 0, server: '127.0.0.1:18111', status: '200', failed: true, cause: 'invalid_response' }]);
  });

  it('a try nginx recorded as 504 timed out', () => {
    expect(rowsOf(lines.timeout)).toEqual([{ seq: 0, server: '127.0.0.1:18141', status: '504', failed: true, cause: 'upstream_timeout' }]);
  });

  it('a healthy try is not a failure', () => {
    expect(rowsOf(lines.ok)).toEqual([{ seq: 0, server: '127.0.0.1:18111', status: '200', failed: false, cause: null }]);
  });

  // Real nginx 1.22 lines from e2e/fixtures/nginx-upstream.
  const slice = (line: string) => {
    const result = nginxUpstream.parseLine(line);
    if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
    return attemptRows(result.record).map(({ seq, server, status, failed, cause }) => ({ seq, server, status, failed, cause }));
  };

  it('a request nginx answered itself is one row under server null with the status the client got', () => {
    const line = '127.0.0.1 - - [27/Nov/2026:00:14:44 +0000] "GET /static/2 HTTP/1.1" 200 7 "-" "fixture-client/1" - - -';
    expect(slice(line)).toEqual([{ seq: 0, server: null, status: '200', failed: false, cause: null }]);
  });

  it('"no live upstreams" (the group name instead of an address) is a failed try with no healthy upstream', () => {
    const line = '127.0.0.1 - - [27/Nov/2026:00:14:44 +0000] "GET /dead/item/2 HTTP/1.1" 502 157 "-" "fixture-client/1" dead 502 0.000';
    expect(slice(line)).toEqual([{ seq: 0, server: null, status: '502', failed: true, cause: 'no_healthy_upstream' }]);
  });
});
