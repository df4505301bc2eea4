import { nginxRoundRobin } from '../balancing';
import type { PoolSpec } from '../gateways/types';
import { portsOf } from '../ports';
import type { Scenario } from '../scenario';
import { healthy, timeline } from '../timeline';
import { oneServer } from '../truth';
import { faultsOn, poolDown, upstream } from './helpers';

/** nginx 1.22: retries on the next server, a pool marked down, and every error-log cause one by one. */

const DURATION = 10_000;

const checkoutPorts = portsOf(0);
const checkoutA = upstream('checkout-a', checkoutPorts.upstream(0), healthy);
const checkoutB = upstream('checkout-b', checkoutPorts.upstream(1), timeline([3000, 'refuse'], [7000, 'healthy']));
export const nginxCheckoutRefused: Scenario = {
  id: 'nginx-checkout-refused',
  title: 'one of two checkout servers refuses; nginx retries the other and clients see only 200s',
  gateway: 'nginx',
  block: 0,
  durationMs: DURATION,
  traffic: [
    {
      // max_fails=0: nginx never takes checkout-b out for fail_timeout, so it keeps getting its turn (every
      // other request) and each of those tries fails then moves to checkout-a: an exact number of hidden failures.
      pool: { name: 'checkout', servers: [checkoutA, checkoutB], nginxServer: 'max_fails=0' },
      rps: 10,
      attemptsOf: nginxRoundRobin({ maxFails: 0, nextUpstream: true }),
    },
  ],
  faults: faultsOn('nginx', checkoutB, DURATION),
};

const apiPorts = portsOf(1);
const api1 = upstream('api-1', apiPorts.upstream(0), timeline([2000, 'reset'], [4500, 'healthy'], [6500, 'close'], [9000, 'healthy']));
/** Also the scenario the UI test drops on the home page. */
export const nginxApiResetThenClose: Scenario = {
  id: 'nginx-api-reset-close',
  title: 'the only api server resets connections, recovers, then closes them before answering',
  gateway: 'nginx',
  block: 1,
  durationMs: DURATION,
  // One server: nginx has no other server to retry on, and never marks a lone server down.
  traffic: [{ pool: { name: 'api', servers: [api1] }, rps: 10, attemptsOf: oneServer }],
  faults: faultsOn('nginx', api1, DURATION),
};

const mediaPorts = portsOf(2);
const media1 = upstream('media-1', mediaPorts.upstream(0), timeline([1500, 'oversized'], [4000, 'healthy'], [6000, 'malformed'], [8500, 'healthy']));
const search1 = upstream('search-1', mediaPorts.upstream(1), timeline([3000, 'slow'], [6000, 'healthy']));
export const nginxMediaAndSearch: Scenario = {
  id: 'nginx-media-search',
  title: 'media sends a 64 KiB header then a malformed one while search is slower than proxy_read_timeout',
  gateway: 'nginx',
  block: 2,
  durationMs: DURATION,
  traffic: [
    { pool: { name: 'media', servers: [media1] }, rps: 8, attemptsOf: oneServer },
    { pool: { name: 'search', servers: [search1] }, rps: 4, attemptsOf: oneServer },
  ],
  faults: [...faultsOn('nginx', media1, DURATION), ...faultsOn('nginx', search1, DURATION)],
};

const cartPorts = portsOf(3);
const cartDown = timeline([4000, 'refuse']);
// max_fails=1 with a fail_timeout longer than the scenario: the first request of the outage tries both servers
// (both refuse), then nginx has no live server left and answers every later request itself.
const cart: PoolSpec = {
  name: 'cart',
  servers: [upstream('cart-a', cartPorts.upstream(0), cartDown), upstream('cart-b', cartPorts.upstream(1), cartDown)],
  nginxServer: 'max_fails=1 fail_timeout=30s',
};
const answers1 = upstream('answers-1', cartPorts.upstream(2), timeline([1500, 'answer503'], [4000, 'healthy'], [6000, { intermittent: 'answer502', every: 3 }], [9000, 'healthy']));
export const nginxCartDown: Scenario = {
  id: 'nginx-cart-down',
  title: 'both cart servers go down for good while answers sends its own 503s, then every third request its own 502',
  gateway: 'nginx',
  block: 3,
  durationMs: DURATION,
  traffic: [
    { pool: cart, rps: 8, attemptsOf: nginxRoundRobin({ maxFails: 1, nextUpstream: true }) },
    { pool: { name: 'answers', servers: [answers1] }, rps: 6, attemptsOf: oneServer },
  ],
  faults: [poolDown(cart, 4000, DURATION), ...faultsOn('nginx', answers1, DURATION)],
};

export const nginxScenarios = [nginxCheckoutRefused, nginxApiResetThenClose, nginxMediaAndSearch, nginxCartDown];
