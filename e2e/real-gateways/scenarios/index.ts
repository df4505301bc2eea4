import type { Scenario } from '../scenario';
import { caddyScenarios } from './caddy';
import { haproxyScenarios } from './haproxy';
import { nginxScenarios } from './nginx';

export { nginxApiResetThenClose } from './nginx';

export const scenarios: Scenario[] = [...nginxScenarios, ...haproxyScenarios, ...caddyScenarios];

// Two scenarios on one port block would fight over their ports.
const blocks = scenarios.map((s) => s.block);
if (new Set(blocks).size !== blocks.length) throw new Error(`port blocks used twice: ${blocks.join(', ')}`);
