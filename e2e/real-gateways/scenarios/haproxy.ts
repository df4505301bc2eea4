import type { PoolSpec } from '../gateways/types';
import { portsOf } from '../ports';
import type { Scenario } from '../scenario';
import { healthy, timeline } from '../timeline';
import { answeredBy, oneServer } from '../truth';
import { faultsOn, poolDown, upstream } from './helpers';

/**
 * HAProxy 2.6 with `retries 0` (one log line is one connection attempt) and `balance roundrobin`. Without
 * retries nothing is hidden: the server of every request is the one that answered, or `<NOSRV>`.
 */

const DURATION = 10_000;

const apiPorts = portsOf(4);
const api1 = upstream('api1', apiPorts.upstream(0), timeline([2000, 'refuse'], [4500, 'healthy'], [6500, 'slow'], [9000, 'healthy']));
export const haproxyApiRefusedThenSlow: Scenario = {
  id: 'haproxy-api-refused-slow',
  title: 'the only api server refuses, recovers, then answers slower than timeout server',
  gateway: 'haproxy',
  block: 4,
  durationMs: DURATION,
  traffic: [{ pool: { name: 'api', servers: [api1] }, rps: 10, attemptsOf: oneServer }],
  faults: faultsOn('haproxy', api1, DURATION),
};

const webPorts = portsOf(5);
const web1 = upstream('web1', webPorts.upstream(0), healthy);
const web2 = upstream('web2', webPorts.upstream(1), timeline([2000, { intermittent: 'answer502', every: 2 }], [8000, 'healthy']));
const files1 = upstream('files1', webPorts.upstream(2), timeline([2000, 'reset'], [4500, 'healthy'], [6000, 'close'], [8500, 'healthy']));
export const haproxyWebIntermittent: Scenario = {
  id: 'haproxy-web-intermittent',
  title: 'web2 answers every other request with its own 502 while files resets, then closes, connections',
  gateway: 'haproxy',
  block: 5,
  durationMs: DURATION,
  traffic: [
    // HAProxy does not retry a response it got (its 502 included), and every upstream answer is signed.
    { pool: { name: 'web', servers: [web1, web2] }, rps: 10, attemptsOf: answeredBy },
    { pool: { name: 'files', servers: [files1] }, rps: 6, attemptsOf: oneServer },
  ],
  faults: [...faultsOn('haproxy', web2, DURATION), ...faultsOn('haproxy', files1, DURATION)],
};

const payPorts = portsOf(6);
const payDown = timeline([3000, 'refuse'], [7500, 'healthy']);
// Health checks every 100 ms mark a server down after one refused check and up after one good one.
const pay: PoolSpec = {
  name: 'pay',
  servers: [upstream('pay1', payPorts.upstream(0), payDown), upstream('pay2', payPorts.upstream(1), payDown)],
  haproxyCheck: true,
};
const img1 = upstream('img1', payPorts.upstream(2), timeline([1500, 'malformed'], [4000, 'healthy'], [6000, 'oversized'], [8500, 'healthy']));
export const haproxyPayDown: Scenario = {
  id: 'haproxy-pay-down',
  title: 'both pay servers go down and their health checks take them out, while img sends malformed then oversized headers',
  gateway: 'haproxy',
  block: 6,
  durationMs: DURATION,
  traffic: [
    // The client keeps 500 ms away from pay's changes: time for the checks to see them, so no request reaches a
    // server in the instant between its going down and HAProxy knowing (each request is then exactly
    // a signed answer or a `<NOSRV>` 503).
    { pool: pay, rps: 8, guardMs: 500, attemptsOf: answeredBy },
    { pool: { name: 'img', servers: [img1] }, rps: 8, attemptsOf: oneServer },
  ],
  faults: [poolDown(pay, 3000, 7500), ...faultsOn('haproxy', img1, DURATION)],
};

export const haproxyScenarios = [haproxyApiRefusedThenSlow, haproxyWebIntermittent, haproxyPayDown];
