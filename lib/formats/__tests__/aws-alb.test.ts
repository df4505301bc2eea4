import { describe, expect, it } from 'vitest';
import { awsAlb, targetGroupName } from '../aws-alb';
import { awsElbClassic } from '../aws-elb-classic';
import type { LogFormat, RequestRecord } from '../types';
import { fixtures, nginxCorpus } from './cloud-fixtures';

function parse(format: LogFormat, line: string): RequestRecord {
  const result = format.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

const [httpEntry, httpsEntry, h2Entry, , , lambdaOk, lambdaFailed] = fixtures.alb as [string, string, string, string, string, string, string];
const [classicHttp, , classicTcp] = fixtures.elbClassic as [string, string, string];

/**
 * Derived lines (e2e/fixtures/aws-alb/README.md): AWS publishes no example of a target failure, so these change
 * the documented fields of the HTTP example: target:port, the processing times, the status codes, error_reason.
 */
function derivedAlb(change: { target?: string; times?: string; elb: string; targetStatus: string; errorReason?: string }): string {
  const fields = `${change.target ?? '10.0.0.1:80'} ${change.times ?? '0.000 0.001 0.000'} ${change.elb} ${change.targetStatus} 34 366`;
  let line = httpEntry.replace('10.0.0.1:80 0.000 0.001 0.000 200 200 34 366', fields);
  if (change.errorReason) line = line.replace('"forward" "-" "-"', `"forward" "-" "${change.errorReason}"`);
  return line;
}

describe('aws_alb', () => {
  it('reads every field of the HTTP example', () => {
    expect(parse(awsAlb, httpEntry)).toEqual({
      time: Date.UTC(2018, 6, 2, 22, 23, 0, 186),
      client: '192.168.131.39',
      method: 'GET',
      host: 'www.example.com',
      path: '/',
      status: '200',
      bytes: 366,
      requestMs: 1,
      pool: 'my-targets',
      attempts: [{ server: '10.0.0.1:80', status: '200', responseMs: null, connectMs: null, headerMs: 1 }],
      gatewayCode: null,
      requestId: 'Root=1-58337262-36d228ad5d99923122bbe354',
      userAgent: 'curl/7.46.0',
    });
  });

  it('sums the three processing times of the HTTPS example', () => {
    expect(parse(awsAlb, httpsEntry).requestMs).toBe(171);
    expect(parse(awsAlb, h2Entry)).toMatchObject({ host: '10.0.2.105', path: '/', status: '200' });
  });

  it('reads the Lambda examples: target "-" is server null, the failed one names its error reason', () => {
    expect(parse(awsAlb, lambdaOk).attempts).toEqual([{ server: null, status: '200', responseMs: null, connectMs: null, headerMs: 1 }]);
    const failed = parse(awsAlb, lambdaFailed);
    expect(failed.gatewayCode).toBe('LambdaInvalidResponse');
    expect(failed.attempts).toEqual([{ server: null, status: null, responseMs: null, connectMs: null, headerMs: 1, cause: 'invalid_response' }]);
  });

  it('takes the name part of the target group ARN as the pool', () => {
    expect(targetGroupName('arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067')).toBe('my-targets');
  });

  describe('causes (derived lines)', () => {
    const attempt = (line: string) => parse(awsAlb, line).attempts[0];
    it('502 from the target itself is upstream_returned_502', () => {
      expect(attempt(derivedAlb({ elb: '502', targetStatus: '502' }))).toMatchObject({ server: '10.0.0.1:80', status: '502', cause: 'upstream_returned_502' });
    });
    it('502 with no target answer and -1 times stays unknown: refused, reset and closed look alike', () => {
      const line = derivedAlb({ target: '10.0.0.1:80', times: '-1 -1 -1', elb: '502', targetStatus: '-' });
      expect(parse(awsAlb, line).requestMs).toBeNull();
      expect(attempt(line)).toEqual({ server: '10.0.0.1:80', status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'unknown' });
    });
    it('504 with no target answer is a timeout', () => {
      expect(attempt(derivedAlb({ times: '-1 -1 -1', elb: '504', targetStatus: '-' }))?.cause).toBe('upstream_timeout');
    });
    it('503 with no target is no healthy upstream', () => {
      expect(attempt(derivedAlb({ target: '-', times: '-1 -1 -1', elb: '503', targetStatus: '-' }))).toMatchObject({ server: null, cause: 'no_healthy_upstream' });
    });
    it('maps documented Lambda error reasons, keeps others visible as unknown', () => {
      expect(attempt(derivedAlb({ target: '-', elb: '502', targetStatus: '-', errorReason: 'LambdaConnectionTimeout' }))?.cause).toBe('upstream_timeout');
      expect(attempt(derivedAlb({ target: '-', elb: '502', targetStatus: '-', errorReason: 'LambdaThrottling' }))?.cause).toBe('upstream_overload');
      const other = parse(awsAlb, derivedAlb({ target: '-', elb: '502', targetStatus: '-', errorReason: 'LambdaUnhandled' }));
      expect(other.gatewayCode).toBe('LambdaUnhandled');
      expect(other.attempts[0]?.cause).toBe('unknown');
    });
    it('a 4xx the load balancer answered itself has no attempt', () => {
      expect(parse(awsAlb, derivedAlb({ target: '-', times: '-1 -1 -1', elb: '400', targetStatus: '-' })).attempts).toEqual([]);
    });
  });

  it('ignores unknown trailing fields and reads entries that end after the target group', () => {
    expect(parse(awsAlb, `${httpEntry} "new-field" 42`).status).toBe('200');
    const short = httpEntry.slice(0, httpEntry.indexOf(' "Root='));
    expect(parse(awsAlb, short).pool).toBe('my-targets');
  });

  it('rejects with reasons', () => {
    expect(awsAlb.parseLine('http 2018-07-02T22:23:00Z app/x/y')).toEqual({ kind: 'reject', reason: '3 fields; an ALB entry has at least 17 (through target_group_arn)' });
    expect(awsAlb.parseLine(httpEntry.replace('app/my-loadbalancer', 'net/my-loadbalancer'))).toMatchObject({ reason: expect.stringContaining('is not an ALB resource id') });
    expect(awsAlb.parseLine(httpEntry.replace('2018-07-02T22:23:00.186641Z app', 'yesterday app'))).toMatchObject({ reason: 'time "yesterday" is not ISO 8601' });
    expect(awsAlb.parseLine(httpEntry.replace(' 200 200 ', ' 2x0 200 '))).toMatchObject({ reason: 'elb_status_code "2x0" is not three digits' });
    expect(awsAlb.parseLine(httpEntry.slice(0, httpEntry.indexOf(' HTTP/1.1"')))).toMatchObject({ reason: expect.stringContaining('not closed') });
  });
});

describe('aws_elb_classic', () => {
  it('reads every field of the HTTP example; the load balancer name is the pool', () => {
    expect(parse(awsElbClassic, classicHttp)).toEqual({
      time: Date.UTC(2015, 4, 13, 23, 39, 43, 945),
      client: '192.168.131.39',
      method: 'GET',
      host: 'www.example.com',
      path: '/',
      status: '200',
      bytes: 29,
      requestMs: 1.178,
      pool: 'my-loadbalancer',
      attempts: [{ server: '10.0.0.1:80', status: '200', responseMs: null, connectMs: null, headerMs: 1.048 }],
      userAgent: 'curl/7.38.0',
    });
  });

  it('rejects the TCP and SSL examples, which have no HTTP status', () => {
    expect(awsElbClassic.parseLine(classicTcp)).toEqual({ kind: 'reject', reason: 'TCP/SSL listener entry: no HTTP status (elb_status_code "-")' });
  });

  it('reads a backend that gave no answer (derived: backend "-", times -1, 504/503)', () => {
    const noAnswer = (status: string) => classicHttp.replace('10.0.0.1:80 0.000073 0.001048 0.000057 200 200', `- -1 -1 -1 ${status} -`);
    expect(parse(awsElbClassic, noAnswer('504')).attempts).toEqual([{ server: null, status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'upstream_timeout' }]);
    expect(parse(awsElbClassic, noAnswer('503')).attempts[0]?.cause).toBe('no_healthy_upstream');
    expect(parse(awsElbClassic, classicHttp.replace(' 200 200 ', ' 502 502 ')).attempts[0]?.cause).toBe('upstream_returned_502');
  });

  it('rejects a line with the wrong field count', () => {
    expect(awsElbClassic.parseLine(`${classicHttp} extra`)).toEqual({ kind: 'reject', reason: '16 fields; a Classic ELB entry has 15' });
  });
});

describe('detection', () => {
  it('is high on its own fixtures (Classic: the TCP and SSL entries do not count)', () => {
    expect(awsAlb.detect(fixtures.alb)).toBe(1);
    expect(awsElbClassic.detect(fixtures.elbClassic)).toBe(0.5);
    expect(awsElbClassic.detect(fixtures.elbClassic.slice(0, 2))).toBe(1);
  });
  it('stays low on the other formats and on real nginx logs', () => {
    const others = [fixtures.envoyDefault, fixtures.istioDefault, fixtures.istioJson, fixtures.gcp, ...nginxCorpus()];
    for (const sample of [...others, fixtures.elbClassic]) expect(awsAlb.detect(sample)).toBeLessThan(0.5);
    for (const sample of [...others, fixtures.alb]) expect(awsElbClassic.detect(sample)).toBeLessThan(0.5);
  });
});
