import { describe, expect, it } from 'vitest';
import { haproxyServer, nextCommands, poolCommands } from '../next-commands';

const window = { from: Date.parse('2026-11-25T00:36:18Z'), to: Date.parse('2026-11-25T00:36:34Z') };

describe('nextCommands', () => {
  it('reaches an address where it listens, a minute either side in the journal', () => {
    expect(nextCommands({ cause: 'upstream_refused', server: '127.0.0.1:18111', gateway: 'nginx', ...window })).toEqual([
      "ss -ltnp 'sport = :18111'   # on 127.0.0.1: is anything listening on 18111?",
      'curl -sv -m 5 http://127.0.0.1:18111/ -o /dev/null',
      'journalctl --since "2026-11-25 00:35:18" --until "2026-11-25 00:37:34" --utc   # on 127.0.0.1: did the service stop, crash or restart?',
    ]);
  });

  it("reads the configuration of the gateway that wrote the logs, and no other's", () => {
    const config = (gateway: string | null) => nextCommands({ cause: 'invalid_response', server: '10.0.0.5:8080', gateway, ...window }).slice(1);
    expect(config('nginx')).toEqual([expect.stringMatching(/^nginx -T .*proxy_buffer_size/)]);
    expect(config('ingress-nginx')).toEqual(config('nginx'));
    expect(config('envoy')).toEqual([expect.stringMatching(/^curl -s localhost:9901\/clusters \| grep '10\.0\.0\.5:8080'/)]);
    expect(config('caddy')).toEqual([]);
    expect(config(null)).toEqual([]);
  });

  it('asks HAProxy about a backend/server name rather than treating it as a host', () => {
    const refused = nextCommands({ cause: 'upstream_refused', server: 'api/web1', gateway: 'haproxy', ...window });
    expect(refused[0]).toMatch(/^echo "show servers state api" \| socat stdio \/run\/haproxy\/admin\.sock /);
    expect(refused[1]).toMatch(/^grep -nE '\^\\s\*server\\s\+web1\\s' \/etc\/haproxy\/haproxy\.cfg /);
    const invalid = nextCommands({ cause: 'invalid_response', server: 'api/web1', gateway: 'haproxy', ...window });
    expect(invalid[0]).toMatch(/^echo "show errors" \| socat/);
    for (const command of [...refused, ...invalid]) expect(command).not.toMatch(/http:\/\/api\/web1|nginx -T|dig/);
  });

  it('tells a backend/server name from an address or a unix socket', () => {
    expect(haproxyServer('api/web1')).toEqual({ backend: 'api', name: 'web1' });
    expect(['127.0.0.1:8080', 'unix:/run/app.sock', '[::1]:80', 'web1', 'a/b/c'].map(haproxyServer)).toEqual([null, null, null, null, null]);
  });
});

describe('poolCommands', () => {
  it('asks HAProxy once about a backend whose every server is named, and curls addresses one by one', () => {
    expect(poolCommands('down', ['down/web1', 'down/web2'], window.from, window.to)[0]).toBe('echo "show servers state down" | socat stdio /run/haproxy/admin.sock   # are the servers of down up?');
    expect(poolCommands('down', ['down/web1', 'down/web2'], window.from, window.to)).toHaveLength(3);
    expect(poolCommands('api', ['10.0.0.1:80', '10.0.0.2:80'], window.from, window.to).slice(0, 2)).toEqual([
      'curl -sv -m 5 http://10.0.0.1:80/ -o /dev/null   # is 10.0.0.1:80 of api answering?',
      'curl -sv -m 5 http://10.0.0.2:80/ -o /dev/null   # is 10.0.0.2:80 of api answering?',
    ]);
  });
});
