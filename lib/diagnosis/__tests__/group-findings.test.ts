import { describe, expect, it } from 'vitest';
import type { DiagnosisEpisode, Finding } from '../../analysis/diagnosis-schema';
import { groupFindings } from '../group-findings';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 25, 0, minute, second)).toISOString();
const evidence = { lines: '/lines', chart: '/chart', probes: 0 };

/** A finding and its episode, as diagnose() lists them side by side. */
function stretch(server: string, cause: string, minute: number, failed: number, attempts = 100): [Finding, DiagnosisEpisode] {
  const from = at(minute), to = at(minute, 30);
  return [
    { sentence: `${server} ${cause} at ${minute}`, server, pool: 'api', cause, from, to, confidence: 'high', reason: 'r', step: 'server_logs', evidence, next: [] },
    { server, pool: 'api', cause, from, to, attempts, failed, confidence: 'high', evidence },
  ];
}

function diagnosisOf(stretches: [Finding, DiagnosisEpisode][]) {
  // diagnose() ranks by failed attempts.
  const ranked = [...stretches].sort((a, b) => b[1].failed - a[1].failed);
  return [ranked.map(([f]) => f), ranked.map(([, e]) => e)] as const;
}

describe('groupFindings', () => {
  it('says three or more stretches of one server and cause as one, worst first, ranked by their sum', () => {
    const [findings, episodes] = diagnosisOf([
      stretch('10.0.0.1:80', 'upstream_refused', 1, 40), stretch('10.0.0.1:80', 'upstream_refused', 5, 60), stretch('10.0.0.1:80', 'upstream_refused', 9, 30),
      stretch('10.0.0.2:80', 'upstream_timeout', 3, 100),
    ]);
    const groups = groupFindings(findings, episodes);
    expect(groups.map((g) => [g.findings.map((f) => f.sentence), g.failed])).toEqual([
      [['10.0.0.1:80 upstream_refused at 5', '10.0.0.1:80 upstream_refused at 1', '10.0.0.1:80 upstream_refused at 9'], 130],
      [['10.0.0.2:80 upstream_timeout at 3'], 100],
    ]);
    expect(groups[0]!.summary).toBe(
      '10.0.0.1:80 in pool api refused connections again and again: 3 separate stretches from 00:01:00 to 00:09:30 UTC, 130 of the 300 attempts in them failed; the worst 00:05:00 to 00:05:30 UTC, 60 of 100.',
    );
    expect(groups[1]!.summary).toBeNull();
    // Its links open the lines and the chart of the whole span, keeping what else the worst stretch's link said.
    const span = `from=${Date.parse(at(1))}&to=${Date.parse(at(9, 30))}`;
    expect(groups[0]!.evidence).toEqual({ lines: `/lines?${span}`, chart: `/chart?${span}`, probes: 0 });
    expect(groups[1]!.evidence).toBe(groups[1]!.findings[0]!.evidence);
  });

  it('sets the range of a link that already has one and keeps its other parameters', () => {
    const lines = '/incidents/x?tab=lines&server=10.0.0.1%3A80&cause=upstream_refused&from=1&to=2&path=%2Fapi';
    const [findings, episodes] = diagnosisOf([1, 5, 9].map((m) => {
      const [f, e] = stretch('10.0.0.1:80', 'upstream_refused', m, 10);
      return [{ ...f, evidence: { ...f.evidence, lines } }, e];
    }));
    const query = new URLSearchParams(groupFindings(findings, episodes)[0]!.evidence.lines.split('?')[1]);
    expect(Object.fromEntries(query)).toEqual({ tab: 'lines', server: '10.0.0.1:80', cause: 'upstream_refused', from: String(Date.parse(at(1))), to: String(Date.parse(at(9, 30))), path: '/api' });
  });

  it('keeps two stretches, or stretches of different causes or servers, as findings of their own', () => {
    const [findings, episodes] = diagnosisOf([
      stretch('10.0.0.1:80', 'upstream_refused', 1, 40), stretch('10.0.0.1:80', 'upstream_refused', 5, 60),
      stretch('10.0.0.1:80', 'invalid_response', 7, 50), stretch('10.0.0.3:80', 'upstream_refused', 9, 10),
    ]);
    const groups = groupFindings(findings, episodes);
    expect(groups.every((g) => g.summary === null && g.findings.length === 1)).toBe(true);
    expect(groups.map((g) => g.failed)).toEqual([60, 50, 40, 10]);
  });

  it('says an unknown cause as failed, and a pool that reached no server by its name', () => {
    const pool = (minute: number): [Finding, DiagnosisEpisode] => {
      const [f, e] = stretch('x', 'no_healthy_upstream', minute, 20, 20);
      return [{ ...f, server: null }, { ...e, server: null }];
    };
    const [findings, episodes] = diagnosisOf([pool(1), pool(2), pool(3), stretch('10.0.0.1:80', 'unknown', 1, 5), stretch('10.0.0.1:80', 'unknown', 2, 5), stretch('10.0.0.1:80', 'unknown', 3, 5)]);
    const [nohealthy, unknown] = groupFindings(findings, episodes);
    expect(nohealthy!.summary).toMatch(/^pool api had no healthy server to send to again and again: 3 separate stretches .*, 60 of the 60 requests in them failed;/);
    expect(unknown!.summary).toMatch(/^10\.0\.0\.1:80 in pool api failed again and again: 3 separate stretches/);
  });

  it('keeps findings from the error log alone, which have no stretches beside them, each a group of its own', () => {
    const [findings] = diagnosisOf([stretch('10.0.0.1:80', 'upstream_refused', 1, 4), stretch('10.0.0.1:80', 'upstream_refused', 5, 6), stretch('10.0.0.1:80', 'upstream_refused', 9, 3)]);
    const groups = groupFindings(findings, []);
    expect(groups.map((g) => [g.findings, g.summary])).toEqual(findings.map((f) => [[f], null]));
  });
});
