import { Params } from './selection';
import type { Query } from './sql';

/** An error line is written when the try fails, an access line when the request ends: allow for both. */
export const EVENT_SLACK_MS = 2000;

const incidentSources = (p: Params, incidentId: string) => `(SELECT id FROM sources WHERE incident_id = ${p.add(incidentId)} AND state = 'done')`;

/** Puts back the causes the access lines gave, so a removed error log takes its causes with it. */
export function resetFusedCauses(incidentId: string): Query {
  const p = new Params();
  const text = `UPDATE attempts SET cause = access_cause, event_source = NULL, event_line = NULL
    WHERE event_source IS NOT NULL AND source_id IN ${incidentSources(p, incidentId)}`;
  return { text, values: p.values };
}

/**
 * Names the cause of each failed try the access line left `unknown` from the gateway's error-log event
 * about it: the same upstream server and request path, within the request's time. The nearest event
 * wins; the attempt keeps a reference to it as evidence.
 */
export function fuseEventCauses(incidentId: string): Query {
  const p = new Params();
  const sources = incidentSources(p, incidentId);
  const slack = p.add(EVENT_SLACK_MS);
  const text = `UPDATE attempts SET cause = m.cause, event_source = m.esrc, event_line = m.eline
    FROM (
      SELECT a.source_id, a.line_no, a.seq, e.cause, e.source_id AS esrc, e.line_no AS eline,
        row_number() OVER (PARTITION BY a.source_id, a.line_no, a.seq ORDER BY abs(e.time - r.time), e.source_id, e.line_no) AS rn
      FROM attempts a
      JOIN requests r ON r.source_id = a.source_id AND r.line_no = a.line_no
      JOIN gateway_events e ON e.server = a.server AND e.cause IS NOT NULL
        AND e.time BETWEEN r.time - coalesce(r.request_ms, 0) - ${slack} AND r.time + ${slack}
        AND (e.request IS NULL OR split_part(e.request, ' ', 2) = r.path)
      WHERE a.failed AND a.access_cause = 'unknown' AND a.source_id IN ${sources} AND e.source_id IN ${sources}
    ) m
    WHERE m.rn = 1 AND attempts.source_id = m.source_id AND attempts.line_no = m.line_no AND attempts.seq = m.seq`;
  return { text, values: p.values };
}
