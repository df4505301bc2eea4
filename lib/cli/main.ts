import { parseArgs } from 'node:util';
import { GatewayLensError } from '../errors';
import { compileCustomFormat, formats } from '../formats';
import { parseRedactions } from '../ingest/redaction-kinds';
import { analyzeFiles } from './analyze-files';
import { formatAnalysis, noneInRange } from './print-tables';

const USAGE = `Usage: gateway-lens analyze [--json] [--format ID | --log-format DIRECTIVE] [--tz ZONE] [--year YYYY] [--from TIME] [--to TIME] [--redact KINDS] FILE|FOLDER...

  Reads gateway logs (plain or gzip; any supported format, detected per file) and prints 502s per
  upstream pool and server. A folder is read whole (its subfolders too, hidden files left out); a file in
  it that is not a log is skipped and said on stderr.
  --json              print the analysis object (sources, pools, upstreams) instead of tables
  --format ID         skip detection and read every file as this format (see --formats)
  --log-format TEXT   read every file with this nginx log_format directive, as pasted from nginx.conf
  --tz ZONE           zone of formats whose times have none (nginx error log, syslog): UTC, +02:00, -0530
  --year YYYY         year of formats whose times have none (syslog); default: each file's modification year
  --from TIME         count only from this time on: ISO 8601 with its zone (2026-11-25T00:30:00Z) or epoch ms
  --to TIME           count only before this time (a week of logs, the incident's half hour)
  --redact KINDS      keep out of the output (the rejected lines --json shows): query, tokens, clients, or all
  --formats           list the format ids and exit
`;

/** Parses argv and prints; the work is lib/'s. Returns the process exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    (command === undefined ? err : out).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'analyze') {
    err.write(`gateway-lens: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        format: { type: 'string' },
        'log-format': { type: 'string' },
        tz: { type: 'string' },
        year: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        redact: { type: 'string' },
        formats: { type: 'boolean' },
      },
    });
  } catch (error) {
    err.write(`gateway-lens analyze: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.formats) {
    out.write(formats.map((f) => `${f.id.padEnd(22)} ${f.label}`).join('\n') + '\n');
    return 0;
  }
  if (parsed.positionals.length === 0) {
    err.write(`gateway-lens analyze: name at least one log file\n\n${USAGE}`);
    return 2;
  }
  try {
    const { values } = parsed;
    const customFormat = values['log-format'] ? compileCustomFormat(values['log-format']) : undefined;
    const redact = parseRedactions(values.redact, '--redact');
    const onSkip = (name: string, reason: string) => err.write(`gateway-lens analyze: skipped ${name}: ${reason.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason}\n`);
    const analysis = await analyzeFiles(parsed.positionals, { format: values.format, customFormat, tz: values.tz, year: values.year, from: values.from, to: values.to, redact, onSkip });
    const window = values.from || values.to ? `Counting requests from ${values.from ?? 'the start'} to ${values.to ?? 'the end'}\n${noneInRange(analysis)}\n` : '';
    out.write(parsed.values.json ? JSON.stringify(analysis, null, 2) + '\n' : window + formatAnalysis(analysis));
    return 0;
  } catch (error) {
    err.write(`gateway-lens analyze: ${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof GatewayLensError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return (error as Error).message;
  return (error as Error).stack ?? String(error);
}
