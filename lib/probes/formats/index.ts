import type { ProbeFormat } from '../types';
import { probeCsv } from './csv';
import { gatewayLensJsonl } from './jsonl';

/** Every probe-result format Gateway Lens reads. */
export const probeFormats: readonly ProbeFormat[] = [gatewayLensJsonl, probeCsv];
