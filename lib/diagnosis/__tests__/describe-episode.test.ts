import { describe, expect, it } from 'vitest';
import { describeEpisode, type EpisodeContext, type LogsAtHand } from '../describe-episode';

const episode = (cause: string): EpisodeContext['episode'] => ({
  server: '10.0.3.7:8080', pool: 'checkout', from: Date.UTC(2026, 10, 25, 0, 35), to: Date.UTC(2026, 10, 25, 0, 36),
  attempts: 40, failed: 12, cause, causeShare: 1, causes: { [cause]: 12 },
});
const context = (cause: string, logs: LogsAtHand): EpisodeContext => ({
  episode: episode(cause), pool: 'checkout', hidden: 0, cut: 0, probeAgreement: 'no_probes', probeError: null, peers: [], logs,
});
const reasonFor = (logs: LogsAtHand) => describeEpisode(context('unknown', logs));

describe('a finding whose cause the logs leave unknown says what would name it, for the logs at hand', () => {
  it('asks for nginx\'s error log when the incident has none', () => {
    const { confidence, reason } = reasonFor({ gateway: 'nginx', errorLog: false });
    expect(confidence).toBe('low');
    expect(reason).toBe("The access log says the attempts failed but not why; nginx's error log for the same period names each failed try (refused, reset, closed early, timed out): add it beside the access log.");
  });

  it('asks ingress-nginx for its controller\'s log, where nginx writes its error lines', () => {
    expect(reasonFor({ gateway: 'ingress-nginx', errorLog: false }).reason).toContain("the ingress-nginx controller's own log for the same period (kubectl logs of the controller pod");
  });

  it('says the error log at hand has no entry for them, and why that happens, rather than asking for it again', () => {
    const { reason } = reasonFor({ gateway: 'nginx', errorLog: true });
    expect(reason).toContain('no entry of the error log at hand matches them');
    expect(reason).toContain('an error_log at crit or above leaves them out');
    expect(reason).not.toContain('add it beside the access log');
  });

  it('names what HAProxy\'s termination state leaves open, and what would close it', () => {
    expect(reasonFor({ gateway: 'haproxy', errorLog: false }).reason).toBe(
      "HAProxy's termination state for these attempts does not name the cause (a reset and a clean close before the response headers are both SH--); the server's own logs for that period, or a capture of its connections on the gateway, would decide it.",
    );
  });

  it('names the Envoy fields that carry the cause', () => {
    expect(reasonFor({ gateway: 'envoy', errorLog: false }).reason).toContain('%RESPONSE_CODE_DETAILS% and %UPSTREAM_TRANSPORT_FAILURE_REASON%');
  });

  it('falls back to the gateway\'s error log or the server\'s own where several gateways wrote the logs', () => {
    expect(reasonFor({ gateway: null, errorLog: true }).reason).toBe(
      "The access log says the attempts failed but not why; the gateway's error log for the same period, or the server's own logs, would decide it.",
    );
  });

  it('keeps a named cause\'s reason whatever the logs', () => {
    const named = describeEpisode(context('upstream_refused', { gateway: 'nginx', errorLog: false }));
    expect(named).toMatchObject({ confidence: 'high', reason: '100% of the failed attempts share the cause.' });
  });

  it('says the dates of its window when the selection spans several days', () => {
    const oneDay = describeEpisode(context('upstream_refused', { gateway: 'nginx', errorLog: true }));
    expect(oneDay.sentence).toMatch(/^10\.0\.3\.7:8080 in pool checkout refused connections from 00:35:00 to 00:36:00 UTC: /);
    const days = describeEpisode({ ...context('upstream_refused', { gateway: 'nginx', errorLog: true }), dated: true });
    expect(days.sentence).toMatch(/ refused connections from 2026-11-25 00:35:00 to 2026-11-25 00:36:00 UTC: /);
  });
});
