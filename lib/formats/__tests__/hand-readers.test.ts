import { describe, expect, it } from 'vitest';
import { isHttpStatus } from '../../diagnosis/classify-attempt';
import { haproxyHttp, parseAcceptDate } from '../haproxy';
import { splitTail } from '../nginx-access';
import { parseTimeLocal } from '../nginx-time';
import { secondsToMs } from '../nginx-upstream-lists';

// The readers that run for every field of every line are written by hand instead of with a regex or
// Number(): each must answer exactly as the plain version it replaced, on the shapes logs hold and the ones
// they should not.

const plainSecondsToMs = (value: string) => {
  if (value === '-' || value === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.round(seconds * 1000 * 1000) / 1000 : null;
};
const plainIsHttpStatus = (status: string) => /^\d{3}$/.test(status) && Number(status) >= 100 && Number(status) <= 599;

describe('hand-written readers answer as the plain versions they replaced', () => {
  it('reads nginx seconds into ms', () => {
    const values = [
      '0.000', '0.001', '0.013', '0.999', '1.000', '12.345', '600.001', '86399.999', '123456789.123',
      '0.5', '0.01', '1', '12', '1.2345', '.123', '-', '', 'abc', '1.23x', '1x234', ' 0.013', '0.013 ', '-0.013', '1e3', '0x10',
    ];
    for (const value of values) expect(secondsToMs(value), value).toBe(plainSecondsToMs(value));
    for (let ms = 0; ms < 5000; ms += 7) {
      const text = (ms / 1000).toFixed(3);
      expect(secondsToMs(text), text).toBe(plainSecondsToMs(text));
    }
  });

  it('tells an HTTP status from anything else', () => {
    const values = ['100', '200', '499', '502', '599', '600', '099', '000', '5O2', '50', '5022', '', '-', ' 502', '٥٠٢'];
    for (const value of values) expect(isHttpStatus(value), value).toBe(plainIsHttpStatus(value));
    expect(isHttpStatus(null)).toBe(false);
  });

  it('splits the fields after the user agent alike with and without lists', () => {
    expect(splitTail(' 0.010 10.0.0.1:80 502 0.010 0.000 0.010 api ')).toEqual(['0.010', '10.0.0.1:80', '502', '0.010', '0.000', '0.010', 'api']);
    expect(splitTail('0.010 10.0.0.1:80, 10.0.0.2:80 502, 200 api')).toEqual(['0.010', '10.0.0.1:80, 10.0.0.2:80', '502, 200', 'api']);
    expect(splitTail('0.010 a:80 : b:80 502 : 200')).toEqual(['0.010', 'a:80 : b:80', '502 : 200']);
    expect(splitTail('   ')).toEqual([]);
  });

  it('keeps no stale time: the same text twice, then another, then a bad one, then the first again', () => {
    const first = '25/Nov/2026:00:36:09 +0000';
    const second = '25/Nov/2026:00:36:10 +0100';
    expect(parseTimeLocal(first)).toBe(Date.UTC(2026, 10, 25, 0, 36, 9));
    expect(parseTimeLocal(first)).toBe(Date.UTC(2026, 10, 25, 0, 36, 9));
    expect(parseTimeLocal(second)).toBe(Date.UTC(2026, 10, 24, 23, 36, 10));
    expect(parseTimeLocal('25/Nov/2026:00:36:10 +01x0')).toBeNull();
    expect(parseTimeLocal(second)).toBe(Date.UTC(2026, 10, 24, 23, 36, 10));
    expect(parseTimeLocal(first)).toBe(Date.UTC(2026, 10, 25, 0, 36, 9));
  });

  it('reads HAProxy accept dates, with or without milliseconds, and nothing else', () => {
    expect(parseAcceptDate('27/Nov/2026:00:31:38.266')).toBe(Date.UTC(2026, 10, 27, 0, 31, 38, 266));
    expect(parseAcceptDate('27/Nov/2026:00:31:38.2')).toBe(Date.UTC(2026, 10, 27, 0, 31, 38, 200));
    expect(parseAcceptDate('27/Nov/2026:00:31:38')).toBe(Date.UTC(2026, 10, 27, 0, 31, 38));
    // The same second again, then a bad one, then the first: no stale answer.
    expect(parseAcceptDate('27/Nov/2026:00:31:38.999')).toBe(Date.UTC(2026, 10, 27, 0, 31, 38, 999));
    expect(parseAcceptDate('27/Nov/2026:00:31:39.001')).toBe(Date.UTC(2026, 10, 27, 0, 31, 39, 1));
    expect(parseAcceptDate('27/Nov/2026:00:31:38.500')).toBe(Date.UTC(2026, 10, 27, 0, 31, 38, 500));
    for (const bad of ['27/Nov/2026:00:31:3x.266', '27/Nov/2026:00-31:38.266', '27/Nov/2026:00:31:38,266', '27/Nov/2026:00:31:38.', '27/Xyz/2026:00:31:38.266', '+7/Nov/2026:00:31:38.266']) {
      expect(parseAcceptDate(bad), bad).toBeNull();
    }
  });

  it('takes HAProxy termination states of four letters or dashes and statuses of three digits or -1', () => {
    const line = (status: string, state: string) =>
      `127.0.0.1:41178 [25/Nov/2026:00:00:00.000] fe api/web1 0/0/0/2/2 ${status} 74 - - ${state} 1/1/0/0/0 0/0 "GET / HTTP/1.1"`;
    for (const state of ['----', 'SC--', 'sH--', 'cD--', 'PR--']) expect(haproxyHttp.parseLine(line('200', state)).kind, state).toBe('request');
    for (const state of ['SC-', 'SC---', 'S1--', 'S@--', 'S[--', 'É---']) expect(haproxyHttp.parseLine(line('200', state)).kind, state).toBe('reject');
    for (const status of ['200', '502', '-1']) expect(haproxyHttp.parseLine(line(status, '----')).kind, status).toBe('request');
    for (const status of ['20', '2000', '-2', 'abc', '5O2']) expect(haproxyHttp.parseLine(line(status, '----')).kind, status).toBe('reject');
  });
});
