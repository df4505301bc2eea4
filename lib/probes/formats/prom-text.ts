/**
 * A reader for the Prometheus text exposition format (what blackbox_exporter's /probe returns):
 * `name{label="value",...} value [timestamp]`, `# HELP` and `# TYPE` comments. Only what probe scrapes
 * use: no histograms' special meaning, no OpenMetrics exemplars. Returns the reason when a line is not one.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** The value as Prometheus writes it: a float, "NaN", "+Inf", "-Inf". */
function sampleValue(text: string): number | null {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : null;
}

/** `{a="b",c="d\"e"}` starting at `from`; returns the labels and where the block ended, or a reason. */
function labelBlock(line: string, from: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = {};
  let i = from + 1;
  // Bounded by the line length: every pass consumes at least one character.
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = NAME.exec(line.slice(i))?.[0];
    if (!name || line[i + name.length] !== '=' || line[i + name.length + 1] !== '"') return `label at column ${i + 1} is not name="value"`;
    i += name.length + 2;
    let value = '';
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\') {
        const next = line[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else value += line[i++];
    }
    if (line[i] !== '"') return 'a label value is not closed';
    labels[name] = value;
    i++;
  }
  return 'the label block is not closed';
}

/** One sample line, or the reason it is not one. */
export function parseSampleLine(line: string): Sample | string {
  const name = NAME.exec(line)?.[0];
  if (!name) return 'not a metric sample (name{labels} value)';
  let rest = name.length;
  let labels: Record<string, string> = {};
  if (line[rest] === '{') {
    const block = labelBlock(line, rest);
    if (typeof block === 'string') return block;
    labels = block.labels;
    rest = block.end;
  }
  const [valueText, timestamp, extra] = line.slice(rest).trim().split(/\s+/);
  const value = sampleValue(valueText ?? '');
  if (value === null) return `value "${valueText ?? ''}" of ${name} is not a number`;
  if (extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) return `unexpected text after the value of ${name}`;
  return { name, labels, value };
}

/** True for the comments Prometheus itself writes (`# HELP`, `# TYPE`, `# UNIT`, `# EOF`). */
export const isExpositionComment = (line: string) => /^#\s*(HELP|TYPE|UNIT|EOF)\b/.test(line);
