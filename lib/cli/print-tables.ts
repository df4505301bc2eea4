import type { Analysis } from '../analysis/schema';
import { groupFindings } from '../diagnosis/group-findings';

type Cell = string | number;

/** Renders rows as aligned columns; numbers right-aligned. */
export function table(headers: string[], rows: Cell[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: Cell[]) =>
    cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const statusList = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}:${n}`)
    .join(' ');

/** Findings printed with their commands; --json gives every one. A long log with a flapping server can make dozens. */
const FINDINGS_SHOWN = 10;

/**
 * The findings, worst first (a server's repeated stretches of one cause said as one, group-findings.ts), each
 * with its confidence and every command to run next: on a bastion host the CLI is the whole interface, so the
 * commands are printed ready to paste, not only the first.
 */
function findingsText(diagnosis: Analysis['diagnosis']): string {
  const groups = diagnosis ? groupFindings(diagnosis.findings, diagnosis.episodes) : [];
  if (groups.length === 0) return 'No upstream failed above its baseline.';
  const shown = groups.slice(0, FINDINGS_SHOWN).map((group, i) => {
    const f = group.findings[0]!;
    return [
      `${i + 1}. ${group.summary ?? f.sentence}`,
      `   confidence ${f.confidence}${group.summary ? ' (the worst stretch)' : ''}: ${f.reason}`,
      ...(f.next.length ? ['   next:', ...f.next.map((c) => `     ${c}`)] : []),
    ].join('\n');
  });
  const more = groups.length - shown.length;
  return [...shown, ...(more > 0 ? [`${more} more finding${more === 1 ? '' : 's'}, fewer failed attempts each: --json lists every one (.diagnosis.findings)`] : [])].join('\n');
}

/** Rejected lines shown per source; --json gives every stored one. */
const REJECTS_SHOWN = 5;

/** Where and why a source's lines were not read: the first few, and how many more. */
function rejectedLines(source: Analysis['sources'][number]): string[] {
  const shown = (source.rejects ?? []).slice(0, REJECTS_SHOWN).map((r) => `rejected: ${source.name}:${r.line}: ${r.reason}`);
  const more = source.lines.rejected - shown.length;
  return more > 0 ? [...shown, `rejected: ${source.name}: ${more} more line${more === 1 ? '' : 's'} (--json lists the first ${source.rejects?.length ?? shown.length})`] : shown;
}

/** Whether lines were left out for a range (--from/--to): only then is a line neither parsed nor rejected. */
const leftOutsideRange = (analysis: Analysis) => analysis.sources.some((s) => (s.lines.outside ?? 0) > 0);

/** A range no request falls in (a mistyped date, the wrong day's file) is said at the top, with the files' span. */
export function noneInRange(analysis: Analysis): string {
  if (analysis.pools.length > 0 || !leftOutsideRange(analysis)) return '';
  const dated = analysis.sources.filter((s) => s.from !== null && s.to !== null);
  const from = dated.map((s) => s.from!).sort()[0];
  const to = dated.map((s) => s.to!).sort().at(-1);
  return `No request of these files falls in that range: they span ${from} to ${to}.\n`;
}

export function formatAnalysis(analysis: Analysis): string {
  const outside = leftOutsideRange(analysis);
  const sources = table(
    ['source', 'format', 'lines', 'parsed', 'rejected', ...(outside ? ['outside'] : []), 'from', 'to'],
    analysis.sources.map((s) => [
      s.name, s.format ?? '-', s.lines.total, s.lines.parsed, s.lines.rejected, ...(outside ? [s.lines.outside ?? 0] : []), s.from ?? '-', s.to ?? '-',
    ]),
  );
  // How a file was read (a range, cut short, times without zone or year) changes what its figures mean.
  const notes = analysis.sources.flatMap((s) => [...(s.notes ? [`note: ${s.name}: ${s.notes}`] : []), ...rejectedLines(s)]);
  const pools = table(
    ['pool', 'requests', '502', '502 rate', 'statuses (client)'],
    analysis.pools.map((p) => [p.pool ?? '-', p.requests, p.statuses['502'] ?? 0, percent(p.statuses['502'] ?? 0, p.requests), statusList(p.statuses)]),
  );
  const upstreams = table(
    ['pool', 'server', 'attempts', 'failed', 'hidden', '502', '502 rate', 'statuses (attempt)', 'causes'],
    analysis.upstreams.map((u) => [
      u.pool ?? '-', u.server ?? '(no upstream)', u.attempts, u.failed, u.hidden, u.outcomes['502'] ?? 0,
      percent(u.outcomes['502'] ?? 0, u.attempts), statusList(u.statuses), statusList(u.causes) || '-',
    ]),
  );
  const diagnosis = findingsText(analysis.diagnosis);
  return `Sources\n${[sources, ...notes].join('\n')}\n\nPools (per request)\n${pools}\n\nUpstream servers (per attempt, worst first)\n${upstreams}\n\nFindings\n${diagnosis}\n`;
}
