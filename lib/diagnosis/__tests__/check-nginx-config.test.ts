import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNginxConfig } from '../config/check-nginx-config';
import { parseNginxConfig } from '../config/nginx-conf';

// The shape of the corpus's nginx (two servers per pool, 1 s timeouts) with the settings the rules look for.
// (Its first line is blank, so line numbers match the file's as an editor shows them.)
const config = readFileSync(join(__dirname, '../../../e2e/fixtures/nginx-config/shop.conf'), 'utf8');

describe('reading an nginx configuration', () => {
  it('finds every directive with its line and the blocks around it', () => {
    const { directives, errors } = parseNginxConfig(config);
    expect(errors).toEqual([]);
    const http = directives[0]!;
    expect(http).toMatchObject({ name: 'http', line: 3 });
    const checkout = http.children[0]!;
    expect(checkout).toMatchObject({ name: 'upstream', args: ['checkout'], line: 4, context: ['http'] });
    expect(checkout.children[1]).toMatchObject({ name: 'server', args: ['127.0.0.1:18102', 'max_fails=1', 'fail_timeout=10s'], line: 6, context: ['http', 'upstream checkout'] });
  });

  it('says where braces or semicolons are missing', () => {
    expect(parseNginxConfig('http {\n  server { listen 80 }\n').errors).toEqual(['line 2: "listen 80" has no ";"', 'the configuration ends inside "http": a "}" is missing']);
  });

  it('points at the settings that make the observed failures likely, with their lines, the relevant ones first', () => {
    const { points } = checkNginxConfig(config, { causes: { invalid_response: 160, upstream_refused: 149, upstream_timeout: 120 }, p99Ms: 1001 });
    const relevant = points.filter((p) => p.relevant).map((p) => [p.line, p.directive]);
    expect(relevant).toEqual([
      // Left to nginx's defaults (max_fails=1, fail_timeout=10s), a server is out for 10 s after one failure.
      [5, 'server 127.0.0.1:18101'],
      [6, 'server 127.0.0.1:18102 max_fails=1 fail_timeout=10s'],
      [15, 'proxy_connect_timeout 1s'],
      [16, 'proxy_read_timeout 1s'],
      [20, 'proxy_buffer_size 4k'],
    ]);
    expect(points.find((p) => p.line === 20)?.evidence).toBe('160 attempts failed with an invalid or oversized response');
    expect(points.find((p) => p.line === 5)?.why).toContain("(nginx's defaults)");
    // Risks the incident did not show are still pointed out, marked as such.
    const risks = points.filter((p) => !p.relevant).map((p) => [p.line, p.why.split(' ').slice(0, 4).join(' ')]);
    expect(risks).toEqual([
      [14, 'upstream checkout keeps connections'],
      [22, 'TLS to the upstream'],
      [23, 'a proxy_pass with a'],
    ]);
  });
});
