import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectConfigKind } from '../config/detect-config';

const read = (path: string) => readFileSync(join(__dirname, path), 'utf8');

describe('telling which gateway a pasted configuration is for', () => {
  it('knows the nginx and HAProxy fixtures', () => {
    expect(detectConfigKind(read('../../../e2e/fixtures/nginx-config/shop.conf'))).toBe('nginx');
    expect(detectConfigKind(read('fixtures/haproxy/shop.cfg'))).toBe('haproxy');
    expect(detectConfigKind(read('fixtures/haproxy/well-configured.cfg'))).toBe('haproxy');
  });

  it('reads HAProxy sections however they are indented or commented, anonymous ACL braces and all', () => {
    const acls = ['frontend fe', '  bind :80', '  http-request deny if { path_beg /admin }', '  http-request deny if { src 10.0.0.1 }', '  use_backend api if { path_beg /api }', 'backend api', '  server a 10.0.0.1:80'];
    expect(detectConfigKind(acls.join('\n'))).toBe('haproxy');
    expect(detectConfigKind('  listen stats   # the stats page\r\n    bind :8404\r\n    stats enable\r\n')).toBe('haproxy');
    expect(detectConfigKind('backend app from web\n  server a 10.0.0.1:80\n')).toBe('haproxy');
  });

  it('reads an nginx snippet without blocks as nginx', () => {
    expect(detectConfigKind('proxy_pass http://checkout;\nproxy_read_timeout 1s; # was 60s\n')).toBe('nginx');
    // nginx's own "listen" directive is not an HAProxy section.
    expect(detectConfigKind('server {\n  listen 80;\n  location / { proxy_pass http://app; }\n}\n')).toBe('nginx');
  });

  it('says nothing about what is neither', () => {
    expect(detectConfigKind('')).toBeNull();
    expect(detectConfigKind('   \n# only a comment\n')).toBeNull();
    expect(detectConfigKind('The backend is down since 10:02.\nglobal outage?')).toBeNull();
    expect(detectConfigKind('{"upstreams": [{"name": "checkout"}]}')).toBeNull();
  });
});
