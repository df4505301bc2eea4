import { caddyRoundRobin } from '../balancing';
import type { PoolSpec } from '../gateways/types';
import { portsOf } from '../ports';
import type { Scenario } from '../scenario';
import { healthy, timeline } from '../timeline';
import { oneServer } from '../truth';
import { faultsOn, poolDown, upstream } from './helpers';

/**
 * Caddy 2.6 with `debug` (one entry per proxy try). Its default lb_policy is random, so every pool of two
 * names round_robin; retries need `lb_try_duration`. Caddy passes a 64 KiB header through (no failure), so
 * oversized headers are not a Caddy scenario.
 */

const DURATION = 10_000;

const checkoutPorts = portsOf(7);
const checkoutA = upstream('checkout-a', checkoutPorts.upstream(0), healthy);
const checkoutB = upstream('checkout-b', checkoutPorts.upstream(1), timeline([3000, 'refuse'], [7000, 'healthy']));
const search1 = upstream('search-1', checkoutPorts.upstream(2), timeline([2000, 'slow'], [5000, 'healthy']));
export const caddyCheckoutRefused: Scenario = {
  id: 'caddy-checkout-refused',
  title: 'one of two checkout upstreams refuses and Caddy retries the other, while search is slower than response_header_timeout',
  gateway: 'caddy',
  block: 7,
  durationMs: DURATION,
  traffic: [
    {
      // No passive health: checkout-b stays in rotation. 10 ms between tries, 200 ms between requests, so the
      // round-robin counter moves for one request at a time.
      pool: {
        name: 'checkout',
        servers: [checkoutA, checkoutB],
        caddyProxy: ['lb_policy round_robin', 'lb_try_duration 1s', 'lb_try_interval 10ms'],
      },
      rps: 5,
      attemptsOf: caddyRoundRobin({ passiveHealth: false }),
    },
    { pool: { name: 'search', servers: [search1] }, rps: 4, attemptsOf: oneServer },
  ],
  faults: [...faultsOn('caddy', checkoutB, DURATION), ...faultsOn('caddy', search1, DURATION)],
};

const apiPorts = portsOf(8);
const api1 = upstream('api-1', apiPorts.upstream(0), timeline([1500, 'reset'], [3500, 'healthy'], [5000, 'close'], [7000, 'healthy'], [8500, 'malformed'], [10_500, 'healthy']));
export const caddyApiFaults: Scenario = {
  id: 'caddy-api-faults',
  title: 'the only api upstream resets, then closes before answering, then sends a malformed header',
  gateway: 'caddy',
  block: 8,
  durationMs: 12_000,
  traffic: [{ pool: { name: 'api', servers: [api1] }, rps: 8, attemptsOf: oneServer }],
  faults: faultsOn('caddy', api1, 12_000),
};

const cartPorts = portsOf(9);
const cartDown = timeline([4000, 'refuse']);
// Passive health: one failure makes an upstream unavailable for 30 s. The first request of the outage tries both
// and gets Caddy's 502; every later one finds no upstream available (503) after lb_try_duration.
const cart: PoolSpec = {
  name: 'cart',
  servers: [upstream('cart-a', cartPorts.upstream(0), cartDown), upstream('cart-b', cartPorts.upstream(1), cartDown)],
  caddyProxy: ['lb_policy round_robin', 'lb_try_duration 500ms', 'lb_try_interval 20ms', 'fail_duration 30s', 'max_fails 1'],
};
export const caddyCartDown: Scenario = {
  id: 'caddy-cart-down',
  title: 'both cart upstreams go down for good; passive health takes them out',
  gateway: 'caddy',
  block: 9,
  durationMs: DURATION,
  traffic: [{ pool: cart, rps: 4, attemptsOf: caddyRoundRobin({ passiveHealth: true }) }],
  faults: [poolDown(cart, 4000, DURATION)],
};

export const caddyScenarios = [caddyCheckoutRefused, caddyApiFaults, caddyCartDown];
