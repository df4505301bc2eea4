import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsAlb } from '../aws-alb';
import { awsElbClassic } from '../aws-elb-classic';
import { caddyJson } from '../caddy';
import { envoyJson } from '../envoy-json';
import { envoyText } from '../envoy-text';
import { gcpLbJson } from '../gcp-lb';
import { nginxJson } from '../nginx-json';
import { traefikJson } from '../traefik';
import { traefikCommon } from '../traefik-common';
import type { LogFormat } from '../types';

const fixture = (path: string) => readFileSync(join(__dirname, '../../../e2e/fixtures', path), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** The JSON logs of the fixtures: each JSON format's timeOf must find no time in the others'. */
const JSON_LOGS = [
  'envoy/istio-json.log', 'traefik/access-json.log', 'nginx-family/json-access.log', 'nginx-family/json-dollar-access.log',
  'caddy/access.log', 'caddy/error.log', 'gcp-lb/requests.jsonl',
];

// Each format's own lines, and lines of formats that could share a file or a look with it.
const cases: [LogFormat, string[], string[]][] = [
  [awsAlb, ['aws-alb/alb.log'], ['aws-alb/elb-classic.log', 'envoy/envoy-default.log']],
  [awsElbClassic, ['aws-alb/elb-classic.log'], ['aws-alb/alb.log', 'envoy/envoy-default.log']],
  [envoyText, ['envoy/envoy-default.log', 'envoy/istio-default.log'], ['aws-alb/alb.log', 'envoy/istio-json.log', 'traefik/access-common.log']],
  [traefikCommon, ['traefik/access-common.log'], ['aws-alb/alb.log', 'envoy/envoy-default.log']],
  [envoyJson, ['envoy/istio-json.log'], [...JSON_LOGS, 'envoy/envoy-default.log'].filter((file) => file !== 'envoy/istio-json.log')],
  [traefikJson, ['traefik/access-json.log'], JSON_LOGS.filter((file) => file !== 'traefik/access-json.log')],
  // Caddy's error entries are events (eventTimeOf, below): its error log must give no request time.
  [caddyJson, ['caddy/access.log'], JSON_LOGS.filter((file) => file !== 'caddy/access.log')],
  [gcpLbJson, ['gcp-lb/requests.jsonl'], JSON_LOGS.filter((file) => file !== 'gcp-lb/requests.jsonl')],
  [nginxJson, ['nginx-family/json-access.log', 'nginx-family/json-dollar-access.log'], JSON_LOGS.filter((file) => !file.startsWith('nginx-family/'))],
];

describe('the time of a line alone (timeOf, what the CLI\'s --from/--to reads of the lines outside)', () => {
  for (const [format, own, others] of cases) {
    it(`${format.id}: the time a whole parse gives, and none from another format's line`, () => {
      let read = 0;
      for (const line of own.flatMap(fixture)) {
        const parsed = format.parseLine(line);
        if (parsed.kind !== 'request') continue;
        read++;
        expect({ line, time: format.timeOf!(line) }).toEqual({ line, time: parsed.record.time });
      }
      expect(read).toBeGreaterThan(0);
      for (const line of others.flatMap(fixture)) expect({ line, time: format.timeOf!(line) }).toEqual({ line, time: null });
    });
  }
});

describe('the time of an event alone (eventTimeOf: a mixed file\'s events far outside a range set aside unread)', () => {
  it('caddy_json: the time a whole parse gives an error or proxy entry, and none for its access entries or other logs', () => {
    const events = fixture('caddy/error.log').flatMap((line) => {
      const parsed = caddyJson.parseLine(line);
      return parsed.kind === 'event' ? [{ line, time: parsed.event.time }] : [];
    });
    expect(events.length).toBeGreaterThan(10);
    for (const { line, time } of events) expect({ line, time: caddyJson.eventTimeOf!(line) }).toEqual({ line, time });
    // Caddy's startup entries (admin, tls, http) are neither: they are read whole and rejected with their logger's name.
    const others = [...fixture('caddy/access.log'), ...fixture('caddy/error.log').filter((line) => caddyJson.parseLine(line).kind === 'reject'),
      ...JSON_LOGS.filter((file) => !file.startsWith('caddy/')).flatMap(fixture)];
    expect(others.length).toBeGreaterThan(39);
    for (const line of others) expect({ line, time: caddyJson.eventTimeOf!(line) }).toEqual({ line, time: null });
  });
});
