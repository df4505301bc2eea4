import type { RequestRecord } from '../formats/types';
import type { Cause } from '../diagnosis/causes';
import { causeFromAccessLog, isHttpStatus } from '../diagnosis/classify-attempt';

/** One row of the attempts table: a try of one server, or the request itself when it reached no upstream. */
export interface AttemptRow {
  seq: number;
  server: string | null;
  status: string | null;
  /**
   * What the gateway answered because of this try: its own status when it recorded one, else, for the
   * last try, the status the client got (HAProxy's 502 after `SH`, Envoy's 503 after `UF`).
   */
  outcome: string | null;
  failed: boolean;
  cause: Cause | null;
  responseMs: number | null;
  connectMs: number | null;
  headerMs: number | null;
}

/**
 * Splits a request into per-attempt rows: rates per server come from attempts, because a request that
 * ends 200 can hide a failed try of another server. A request that reached no upstream becomes one row
 * under server null, with the status the client got.
 */
export function attemptRows(record: RequestRecord): AttemptRow[] {
  const { attempts, status: requestStatus } = record;
  if (attempts.length === 0) {
    const failed = !isHttpStatus(requestStatus) || Number(requestStatus) >= 500;
    return [
      {
        seq: 0, server: null, status: requestStatus, outcome: requestStatus, failed, cause: failed ? 'unknown' : null,
        responseMs: null, connectMs: null, headerMs: null,
      },
    ];
  }
  return attempts.map((attempt, seq) => {
    const isLast = seq === attempts.length - 1;
    const cause = causeFromAccessLog({ attempt, isLast, requestStatus });
    return {
      seq,
      server: attempt.server,
      status: attempt.status,
      outcome: attempt.status ?? (isLast ? requestStatus : null),
      failed: cause !== null,
      cause,
      responseMs: attempt.responseMs,
      connectMs: attempt.connectMs,
      headerMs: attempt.headerMs,
    };
  });
}
