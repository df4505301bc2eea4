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

  it('starts where the cause points: the resolver for a name, the handshake for TLS, a timed request for a timeout', () => {
    const dns = nextCommands({ cause: 'dns_failure', server: 'api.internal:8080', gateway: 'nginx', ...window });
    expect(dns).toEqual([
      'dig +short api.internal   # from the gateway host: what the name resolves to now',
      "getent hosts api.internal   # the same through the system's resolver (/etc/hosts, nsswitch)",
      "nginx -T 2>/dev/null | grep -nE 'resolver|proxy_pass'   # which resolver nginx asks, and which names it proxies to",
    ]);
    const tls = nextCommands({ cause: 'tls_failure', server: 'api.internal:443', gateway: 'envoy', ...window });
    expect(tls[0]).toBe('openssl s_client -connect api.internal:443 -servername api.internal </dev/null 2>&1 | head -30   # from the gateway host: the handshake, the certificate chain and its verification');
    expect(tls[1]).toMatch(/openssl x509 -noout -subject -issuer -dates/);
    expect(tls[2]).toMatch(/^curl -s localhost:9901\/clusters/);
    // An address has no name to send as SNI.
    expect(nextCommands({ cause: 'tls_failure', server: '10.0.0.5:8443', gateway: null, ...window })[0]).toMatch(/^openssl s_client -connect 10\.0\.0\.5:8443 <\/dev\/null/);
    const slow = nextCommands({ cause: 'upstream_timeout', server: '10.0.0.5:8080', gateway: 'nginx', ...window });
    expect(slow[0]).toBe("curl -s -o /dev/null -m 120 -w 'connect %{time_connect}s  first byte %{time_starttransfer}s  total %{time_total}s\\n' http://10.0.0.5:8080/   # from the gateway host: how long it takes to answer now");
    expect(slow.slice(1, 3)).toEqual(["ss -tn 'dport = :8080'   # on the gateway: connections to 10.0.0.5:8080", "nginx -T 2>/dev/null | grep -nE 'proxy_(connect|read|send)_timeout'   # how long nginx waits"]);
    expect(slow[3]).toMatch(/^journalctl /);
  });

  it('resolves a host name the network check points at, never an address', () => {
    const reset = (server: string) => nextCommands({ cause: 'upstream_reset', server, gateway: 'caddy', ...window });
    expect(reset('api.internal:8080')).toContain('dig +short api.internal');
    expect(reset('127.0.0.1:18554').join('\n')).not.toContain('dig');
    expect(reset('[::1]:18554').join('\n')).not.toContain('dig');
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
