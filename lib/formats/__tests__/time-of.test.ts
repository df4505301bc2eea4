import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsAlb } from '../aws-alb';
import { awsElbClassic } from '../aws-elb-classic';
import { envoyText } from '../envoy-text';
import { traefikCommon } from '../traefik-common';
import type { LogFormat } from '../types';

const fixture = (path: string) => readFileSync(join(__dirname, '../../../e2e/fixtures', path), 'utf8').split('\n').filter((l) => l.trim() !== '');

// Each format's own lines, and lines of formats that could share a file or a look with it.
const cases: [LogFormat, string[], string[]][] = [
  [awsAlb, ['aws-alb/alb.log'], ['aws-alb/elb-classic.log', 'envoy/envoy-default.log']],
  [awsElbClassic, ['aws-alb/elb-classic.log'], ['aws-alb/alb.log', 'envoy/envoy-default.log']],
  [envoyText, ['envoy/envoy-default.log', 'envoy/istio-default.log'], ['aws-alb/alb.log', 'envoy/istio-json.log', 'traefik/access-common.log']],
  [traefikCommon, ['traefik/access-common.log'], ['aws-alb/alb.log', 'envoy/envoy-default.log']],
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
