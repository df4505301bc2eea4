import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultParseContext } from '../../formats';
import { choosePlan } from '../read-plan';

const fixtures = join(__dirname, '../../../e2e/fixtures');
const head = (path: string, n = 50) => readFileSync(join(fixtures, path), 'utf8').split('\n').slice(0, n);

// Detection runs on the first 50 lines of every fixture written by a real gateway, and must name it.
const expected: [string, string][] = [
  ['corpus/nginx-api-single-server/access.log', 'nginx_upstream_timed'],
  ['corpus/nginx-checkout-refused/access.log', 'nginx_upstream_timed'],
  ['corpus/nginx-media-reset-close/access.log', 'nginx_upstream_timed'],
  ['corpus/nginx-api-single-server/error.log', 'nginx_error'],
  ['corpus/nginx-checkout-refused/error.log', 'nginx_error'],
  ['corpus/nginx-media-reset-close/error.log', 'nginx_error'],
  ['nginx-upstream/access.log', 'nginx_upstream'],
  ['nginx-upstream/error.log', 'nginx_error'],
  ['nginx-family/ingress-access.log', 'ingress_nginx'],
  ['nginx-family/json-access.log', 'nginx_json'],
  ['nginx-family/json-dollar-access.log', 'nginx_json'],
  ['nginx-family/error.log', 'nginx_error'],
  ['haproxy/access.log', 'haproxy_http'],
  ['haproxy/syslog-rfc3164.log', 'haproxy_http'],
  ['haproxy/syslog-rfc5424-kolkata.log', 'haproxy_http'],
  ['caddy/access.log', 'caddy_json'],
  ['caddy/error.log', 'caddy_json'],
  ['traefik/access-common.log', 'traefik_common'],
  ['traefik/access-json.log', 'traefik_json'],
  ['envoy/envoy-default.log', 'envoy_text'],
  ['envoy/istio-default.log', 'envoy_text'],
  ['envoy/istio-json.log', 'envoy_json'],
  ['aws-alb/alb.log', 'aws_alb'],
  ['aws-alb/elb-classic.log', 'aws_elb_classic'],
  ['gcp-lb/requests.jsonl', 'gcp_lb_json'],
];

describe('format detection on real gateway output', () => {
  for (const [path, format] of expected) {
    it(`${path} is ${format}`, () => {
      const plan = choosePlan(head(path), path, defaultParseContext());
      expect(plan.primary.id).toBe(format);
      expect(plan.envelope).toBeNull();
    });
  }

  it('reads a file that mixes nginx access and error lines (a container\'s stdout and stderr) with both formats', () => {
    const mixed = [...head('corpus/nginx-api-single-server/access.log', 30), ...head('corpus/nginx-api-single-server/error.log', 20)];
    const plan = choosePlan(mixed, 'nginx.log', defaultParseContext());
    expect([plan.primary.id, ...plan.companions.map((f) => f.id)]).toEqual(['nginx_upstream_timed', 'nginx_error']);
    expect(plan.confidence).toBe(1);
  });

  it('names the file and the closest formats with their reasons when nothing fits', () => {
    expect(() => choosePlan(head('corpus/nginx-api-single-server/probes.jsonl'), 'probes.jsonl', defaultParseContext())).toThrow(
      /^probes\.jsonl: no known log format fits its first lines; closest: /,
    );
  });

  it('says a file with no lines is empty, not that no format fits it', () => {
    expect(() => choosePlan([], 'error.log', defaultParseContext())).toThrow(expect.objectContaining({
      code: 'invalid_input', message: 'error.log: no lines to read: the file is empty or holds only blank lines; nothing of it was stored',
    }));
    expect(() => choosePlan(['', '   '], 'error.log', defaultParseContext())).toThrow(/^error\.log: no lines to read/);
  });

  it('says a binary file is not a text log, rather than quoting its bytes', () => {
    // The first KiB of this very Node.js binary, read as lines the way readLines reads them.
    const binary = new TextDecoder().decode(readFileSync(process.execPath).subarray(0, 1024)).split('\n');
    expect(() => choosePlan(binary, 'node.log', defaultParseContext())).toThrow(expect.objectContaining({
      code: 'unsupported_format', message: expect.stringMatching(/^node\.log: not a text log: its first lines hold NUL bytes/),
    }));
  });

  it('quotes a line in the closest formats\' reasons without its control characters, cut short', () => {
    // nginx's reasons quote the time field: here a bell and 1,500 more characters.
    const line = `127.0.0.1 - - [\u0007${'x'.repeat(1500)}] "GET / HTTP/1.1" 502 0 "-" "-"`;
    let message = '';
    try {
      choosePlan([line, 'plain text'], 'odd.log', defaultParseContext());
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^odd\.log: no known log format fits its first lines; closest: /);
    expect(message).toContain('time "\ufffdxxx');
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(message.length).toBeLessThan(1200);
  });
});
