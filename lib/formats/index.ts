import { GatewayLensError } from '../errors';
import { caddyJson } from './caddy';
import { haproxyHttp } from './haproxy';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed } from './nginx-access';
import { traefikCommon } from './traefik-common';
import { traefikJson } from './traefik';
import type { LogFormat } from './types';

export type { LogFormat, RequestRecord, AttemptRecord, GatewayEventRecord, ParseResult, ParseContext } from './types';
export { defaultParseContext } from './types';
import { defaultParseContext } from './types';

/** Every format Gateway Lens reads, in the order detection breaks ties. */
export const formats: readonly LogFormat[] = [nginxUpstreamTimed, nginxUpstream, nginxCombined, haproxyHttp, caddyJson, traefikJson, traefikCommon];

export function formatById(id: string): LogFormat {
  const format = formats.find((f) => f.id === id);
  if (!format) {
    throw new GatewayLensError('unsupported_format', `unknown format "${id}"; known formats: ${formats.map((f) => f.id).join(', ')}`);
  }
  return format;
}

export interface Detection {
  format: LogFormat;
  confidence: number;
}

/** A file is read as a format when at least this share of its first lines parse. */
const MIN_CONFIDENCE = 0.5;

/**
 * Picks the format that parses the largest share of the sample. When none fits, the error names the
 * closest formats and why their parse failed on the first line.
 */
export function detectFormat(sample: readonly string[], sourceName: string): Detection {
  const scored = formats
    .map((format) => ({ format, confidence: format.detect(sample) }))
    .sort((a, b) => b.confidence - a.confidence);
  const best = scored[0];
  if (best && best.confidence >= MIN_CONFIDENCE) return best;
  const firstLine = sample.find((line) => line.trim() !== '') ?? '';
  const closest = scored.slice(0, 3).map(({ format, confidence }) => {
    const result = format.parseLine(firstLine, defaultParseContext());
    return { format: format.id, fit: Math.round(confidence * 100) / 100, why: result.kind === 'reject' ? result.reason : 'parses' };
  });
  throw new GatewayLensError(
    'unsupported_format',
    `${sourceName}: no known log format fits its first lines; closest: ${closest.map((c) => `${c.format} (${c.why})`).join('; ')}`,
    { source: sourceName, closest },
  );
}

/**
 * A format from a pasted nginx `log_format` directive. Until the directive compiler lands this says
 * so plainly rather than guessing.
 */
export function compileCustomFormat(directive: string): LogFormat {
  throw new GatewayLensError('unsupported_format', `custom log_format is not read yet: ${directive.slice(0, 80)}`);
}
