import { GatewayLensError } from '../../errors';

/** Which guard rule refused a target. */
export type RefusalRule = 'cloud_metadata' | 'link_local' | 'outside_incident';

/**
 * An active probe's target that the guard will not reach. errors.ts already has the code
 * 'probe_target_refused' (mapped to HTTP 403 in app/_server/respond.ts), so it is used as the code;
 * `probeCode` repeats it for callers that switch on a probe-specific field, and `rule` names the rule.
 */
export class ProbeTargetRefused extends GatewayLensError {
  readonly probeCode = 'probe_target_refused' as const;
  readonly rule: RefusalRule;
  readonly target: string;

  constructor(target: string, rule: RefusalRule, message: string, details?: Record<string, unknown>) {
    super('probe_target_refused', message, { target, rule, ...details });
    this.name = 'ProbeTargetRefused';
    this.rule = rule;
    this.target = target;
  }
}

/** Too many active probes for one incident in the last minute. */
export class ProbeBudgetExceeded extends GatewayLensError {
  /** How long until enough of the window frees up, ms. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, details?: Record<string, unknown>) {
    super('rate_limited', message, { retryAfterMs, ...details });
    this.name = 'ProbeBudgetExceeded';
    this.retryAfterMs = retryAfterMs;
  }
}
