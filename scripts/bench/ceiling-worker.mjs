// Worker entry of scripts/bench/ceiling.ts: a worker thread does not inherit the parent's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { countRange } = await import('./parse-range.ts');
parentPort.postMessage(await countRange(workerData));
