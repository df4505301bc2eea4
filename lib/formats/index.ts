import { GatewayLensError } from '../errors';
import { awsAlb } from './aws-alb';
import { awsElbClassic } from './aws-elb-classic';
import { caddyJson } from './caddy';
import { envoyJson } from './envoy-json';
import { envoyText } from './envoy-text';
import { gcpLbJson } from './gcp-lb';
import { haproxyHttp } from './haproxy';
import { ingressNginx } from './ingress-nginx';
import { nginxError } from './nginx-error';
import { nginxJson } from './nginx-json';
import { compileNginxLogFormat } from './nginx-log-format';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed } from './nginx-access';
import { traefikCommon } from './traefik-common';
import { traefikJson } from './traefik';
import type { LogFormat } from './types';

export type { LogFormat, RequestRecord, AttemptRecord, GatewayEventRecord, ParseResult, ParseContext } from './types';
export { defaultParseContext } from './types';

/** Every format Gateway Lens reads, in the order detection breaks ties. */
export const formats: readonly LogFormat[] = [
  nginxUpstreamTimed,
  nginxUpstream,
  nginxCombined,
  ingressNginx,
  nginxJson,
  nginxError,
  haproxyHttp,
  caddyJson,
  traefikJson,
  traefikCommon,
  envoyText,
  envoyJson,
  awsAlb,
  awsElbClassic,
  gcpLbJson,
];

/** Ids of the formats whose requests get their tries from the error and debug entries (`triesFromEvents`). */
export const formatsWithTriesFromEvents: readonly string[] = formats.filter((f) => f.triesFromEvents).map((f) => f.id);

export function formatById(id: string): LogFormat {
  const format = formats.find((f) => f.id === id);
  if (!format) {
    throw new GatewayLensError('unsupported_format', `unknown format "${id}"; known formats: ${formats.map((f) => f.id).join(', ')}`);
  }
  return format;
}

/** A format from a pasted nginx `log_format` directive (or just its format string). */
export function compileCustomFormat(directive: string): LogFormat {
  return compileNginxLogFormat(directive);
}
