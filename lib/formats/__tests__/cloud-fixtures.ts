import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Fixture lines for the Envoy, AWS and GCP format tests; each folder's README.md says where every line comes from. */
const root = join(__dirname, '../../../e2e/fixtures');
export const fixtureLines = (name: string): string[] => readFileSync(join(root, name), 'utf8').split('\n').filter((line) => line !== '');

export const fixtures = {
  envoyDefault: fixtureLines('envoy/envoy-default.log'),
  istioDefault: fixtureLines('envoy/istio-default.log'),
  istioJson: fixtureLines('envoy/istio-json.log'),
  alb: fixtureLines('aws-alb/alb.log'),
  elbClassic: fixtureLines('aws-alb/elb-classic.log'),
  gcp: fixtureLines('gcp-lb/requests.jsonl'),
};

/** The nginx access logs real nginx 1.22 wrote for the corpus scenarios. */
export const nginxCorpus = (): string[][] =>
  readdirSync(join(root, 'corpus'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => fixtureLines(`corpus/${entry.name}/access.log`).slice(0, 200));
