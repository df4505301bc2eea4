import { describe, expect, it } from 'vitest';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed, splitTail } from '../nginx-access';
import type { RequestRecord } from '../types';

// Lines written by a real nginx 1.22 (e2e/fixtures/corpus), in the corpus's layout.
const retried =
  '127.0.0.1 - - [25/Nov/2026:00:34:57 +0000] "GET /checkout/item/448 HTTP/1.1" 200 3 "-" "scenario-client/1" 0.002 127.0.0.1:18102, 127.0.0.1:18101 502, 200 0.000, 0.002 -, 0.001 -, 0.002 checkout';
const http09 =
  '127.0.0.1 - - [25/Nov/2026:00:36:40 +0000] "GET /api/item/635 HTTP/1.1" 009 15 "-" "scenario-client/1" 0.001 127.0.0.1:18111 200 0.001 0.001 0.001 api';
const timedOut =
  '127.0.0.1 - - [25/Nov/2026:00:37:35 +0000] "GET /search/item/592 HTTP/1.1" 504 167 "-" "scenario-client/1" 1.001 127.0.0.1:18141 504 1.001 0.000 - search';

function parse(line: string): RequestRecord {
  const result = nginxUpstreamTimed.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

describe('nginx access log with upstream fields', () => {
  it('reads every field of a request that nginx retried on a second server', () => {
    expect(parse(retried)).toEqual({
      time: Date.UTC(2026, 10, 25, 0, 34, 57),
      client: '127.0.0.1',
      method: 'GET',
      host: null,
      path: '/checkout/item/448',
      status: '200',
      bytes: 3,
      requestMs: 2,
      pool: 'checkout',
      attempts: [
        { server: '127.0.0.1:18102', status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18101', status: '200', responseMs: 2, connectMs: 1, headerMs: 2 },
      ],
    });
  });

  it('keeps a status that is not HTTP as written: nginx logs 009 for an HTTP/0.9 pass-through', () => {
    const record = parse(http09);
    expect(record.status).toBe('009');
    expect(record.attempts).toEqual([{ server: '127.0.0.1:18111', status: '200', responseMs: 1, connectMs: 1, headerMs: 1 }]);
  });

  it('reads "-" as a value that never existed (no header time after a read timeout)', () => {
    const record = parse(timedOut);
    expect(record.status).toBe('504');
    expect(record.requestMs).toBe(1001);
    expect(record.attempts[0]).toEqual({ server: '127.0.0.1:18141', status: '504', responseMs: 1001, connectMs: 0, headerMs: null });
  });

  it('honours the UTC offset of $time_local', () => {
    const shifted = retried.replace('+0000', '+0130');
    expect(parse(shifted).time).toBe(Date.UTC(2026, 10, 24, 23, 4, 57));
    expect(parse(retried.replace('+0000', '-0500')).time).toBe(Date.UTC(2026, 10, 25, 5, 34, 57));
  });

  it('splits upstream groups joined by " : " after an internal redirect into one attempt each', () => {
    expect(splitTail('0.010 10.0.0.1:80, 10.0.0.2:80 : 10.0.1.1:80 502, 502 : 200 x')).toEqual([
      '0.010',
      '10.0.0.1:80, 10.0.0.2:80 : 10.0.1.1:80',
      '502, 502 : 200',
      'x',
    ]);
  });

  it('rejects a line with the wrong number of upstream fields, saying how many it found', () => {
    const result = nginxUpstreamTimed.parseLine(retried.replace(' checkout', ''));
    expect(result).toEqual({ kind: 'reject', reason: expect.stringContaining('6 fields after the user agent, this layout has 7') });
  });

  it('rejects a line whose time is not $time_local, quoting it', () => {
    const result = nginxUpstreamTimed.parseLine(retried.replace('25/Nov/2026:00:34:57 +0000', '2026-11-25T00:34:57Z'));
    expect(result).toEqual({ kind: 'reject', reason: expect.stringContaining('"2026-11-25T00:34:57Z"') });
  });

  it('rejects a status that is not three digits', () => {
    expect(nginxUpstreamTimed.parseLine(retried.replace('" 200 3 ', '" 20x 3 '))).toEqual({ kind: 'reject', reason: 'status "20x" is not three digits' });
  });
});

describe('the time of an nginx access line alone (timeOf, for a range)', () => {
  it('reads the time a whole parse gives, and none from an error line mixed in or a line cut before its time', () => {
    for (const line of [retried, http09, timedOut]) expect(nginxUpstreamTimed.timeOf!(line)).toBe(parse(line).time);
    // Real nginx error line (corpus nginx-checkout-refused): its [error] is no time.
    expect(nginxUpstreamTimed.timeOf!('2026/11/25 00:34:57 [error] 7796#7796: *2 connect() failed (111: Connection refused) while connecting to upstream')).toBeNull();
    expect(nginxUpstreamTimed.timeOf!(retried.slice(0, 30))).toBeNull();
    expect(nginxCombined.timeOf!(timedOut.replace('+0000', '+0200'))).toBe(parse(timedOut).time - 2 * 3_600_000);
  });
});

describe('nginx combined without upstream fields', () => {
  const combined = retried.slice(0, retried.indexOf(' 0.002 127.0.0.1'));
  it('reads a request that names no upstream', () => {
    const result = nginxCombined.parseLine(combined);
    expect(result.kind === 'request' && result.record.attempts).toEqual([]);
    expect(result.kind === 'request' && result.record.pool).toBeNull();
  });

  it('reads a user agent that contains quotes escaped by nginx and spaces', () => {
    const line = combined.replace('"scenario-client/1"', '"Mozilla/5.0 (X11; \\x22quoted\\x22)"');
    expect(nginxCombined.parseLine(line).kind).toBe('request');
  });
});

// Written by a real nginx 1.22 (e2e/fixtures/nginx-upstream/generate.sh) in the layout
// combined + $upstream_addr $upstream_status $upstream_response_time.
describe('nginx combined + $upstream_addr $upstream_status $upstream_response_time', () => {
  const bothRefused =
    '127.0.0.1 - - [27/Nov/2026:00:14:44 +0000] "GET /dead/item/1 HTTP/1.1" 502 157 "-" "fixture-client/1" 127.0.0.1:18482, 127.0.0.1:18483 502, 502 0.000, 0.000';
  const noLiveUpstream =
    '127.0.0.1 - - [27/Nov/2026:00:14:44 +0000] "GET /dead/item/2 HTTP/1.1" 502 157 "-" "fixture-client/1" dead 502 0.000';
  const servedByNginx = '127.0.0.1 - - [27/Nov/2026:00:14:44 +0000] "GET /static/2 HTTP/1.1" 200 7 "-" "fixture-client/1" - - -';

  const parseSlice = (line: string) => {
    const result = nginxUpstream.parseLine(line);
    if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
    return result.record;
  };

  it('reads both tries when every server of the group refused', () => {
    const record = parseSlice(bothRefused);
    expect(record.pool).toBeNull();
    expect(record.requestMs).toBeNull();
    expect(record.attempts).toEqual([
      { server: '127.0.0.1:18482', status: '502', responseMs: 0, connectMs: null, headerMs: null },
      { server: '127.0.0.1:18483', status: '502', responseMs: 0, connectMs: null, headerMs: null },
    ]);
  });

  it('puts a try with no server chosen (nginx logs the group name "dead") under server null', () => {
    expect(parseSlice(noLiveUpstream).attempts).toEqual([{ server: null, status: '502', responseMs: 0, connectMs: null, headerMs: null }]);
  });

  it('reads a request nginx answered itself as reaching no upstream', () => {
    const record = parseSlice(servedByNginx);
    expect(record).toMatchObject({ status: '200', bytes: 7, path: '/static/2', attempts: [] });
  });

  it('is told apart from the corpus layout by its field count', () => {
    expect(nginxUpstream.detect([bothRefused, noLiveUpstream, servedByNginx])).toBe(1);
    expect(nginxUpstreamTimed.detect([bothRefused])).toBe(0);
  });
});
