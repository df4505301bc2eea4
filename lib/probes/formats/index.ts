import type { ProbeFormat } from '../types';

// Placeholder until the probe formats land: no probe format is read yet.
export const probeFormats: readonly ProbeFormat[] = [];
