/** One statement of a haproxy.cfg section, with where it stands. */
export interface KeywordLine {
  /** The keyword with the words that belong to it: "timeout connect", "option httpchk", "http-check expect", "server". */
  keyword: string;
  args: string[];
  /** 1-based line. */
  line: number;
  /** "no option redispatch" turns a setting off; "default option ..." puts HAProxy's default back. */
  prefix: 'no' | 'default' | null;
}

export type SectionKind = 'global' | 'defaults' | 'frontend' | 'backend' | 'listen' | 'other';

export interface Section {
  kind: SectionKind;
  /** The word that opened it: "backend", or "resolvers", "peers", "userlist" ... for kind "other". */
  keyword: string;
  name: string | null;
  /** The defaults section named after "from" ("backend app from web"), if any. */
  from: string | null;
  line: number;
  lines: KeywordLine[];
}

/** A server line with the settings it ends up with. */
export interface Server {
  name: string;
  address: string;
  /** default-server settings in force where it stands (the defaults section's, then its own section's), then its own. */
  params: Map<string, string | true>;
  statement: KeywordLine;
}

const PROXY_SECTIONS: ReadonlySet<string> = new Set(['global', 'defaults', 'frontend', 'backend', 'listen']);
// The other section keywords of HAProxy 2.6, plus crt-store and traces (3.x), so that their lines are
// not taken for the previous section's.
const OTHER_SECTIONS: ReadonlySet<string> = new Set([
  'resolvers', 'peers', 'userlist', 'mailers', 'http-errors', 'ring', 'cache', 'program', 'fcgi-app', 'log-forward', 'namespace_list',
  'crt-store', 'traces',
]);
/** Keywords whose second word is part of the keyword (the proxy keywords matrix, section 4.1 of the manual). */
const TWO_WORD_KEYWORDS: ReadonlySet<string> = new Set([
  'option', 'timeout', 'http-check', 'tcp-check', 'tcp-request', 'tcp-response', 'stats', 'external-check', 'email-alert',
  'persist', 'rate-limit', 'stick', 'monitor', 'declare',
]);
/** HAProxy stops reading a line after this many words (MAX_LINE_ARGS). */
const MAX_WORDS = 64;

const hexAt = (line: string, i: number) => /^[0-9a-fA-F]{2}$/.test(line.slice(i, i + 2));

/**
 * One backslash sequence as HAProxy's parse_line() reads it (outside single quotes): the text it stands
 * for and how many characters it used. A backslash before anything else is kept as written.
 */
function unescape(line: string, i: number, inDoubleQuotes: boolean): { text: string; used: number } | null {
  const next = line[i + 1];
  switch (next) {
    case ' ': case '\\': case '#': case "'": case '"':
      return { text: next, used: 2 };
    case 't': return { text: '\t', used: 2 };
    case 'n': return { text: '\n', used: 2 };
    case 'r': return { text: '\r', used: 2 };
    // "$" is only special inside double quotes, where it starts an environment variable.
    case '$': return inDoubleQuotes ? { text: '$', used: 2 } : { text: '\\', used: 1 };
    case 'x': return hexAt(line, i + 2) ? { text: String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16)), used: 4 } : null;
    default: return { text: '\\', used: 1 };
  }
}

/**
 * Cuts one line into words the way HAProxy does: blanks separate words outside quotes, "#" outside
 * quotes starts a comment (even inside a word), double quotes keep blanks and "#" but still read
 * backslashes, single quotes keep everything. An empty quoted word counts, except at the end of the
 * line (HAProxy drops it there too). Environment variables are left as written: their values are not known here.
 */
export function splitHaproxyLine(text: string): { words: string[]; error: string | null } {
  // HAProxy ends a line at the first CR as well as at LF.
  const line = text.split('\r')[0]!;
  const words = [''];
  let quote: '"' | "'" | null = null;
  let quoteAt = 0;
  const leading = line.search(/\S/);
  for (let i = leading < 0 ? line.length : leading; i < line.length; ) {
    const c = line[i]!;
    if (c === '#' && quote === null) break;
    if ((c === '"' && quote !== "'") || (c === "'" && quote !== '"')) {
      if (quote === null) quoteAt = i;
      quote = quote === null ? c : null;
      i++;
    } else if (c === '\\' && quote !== "'") {
      const seq = unescape(line, i, quote === '"');
      if (!seq) return { words: [], error: `truncated or invalid hexadecimal sequence at column ${i + 1}` };
      words[words.length - 1] += seq.text;
      i += seq.used;
    } else if (/\s/.test(c) && quote === null) {
      while (i < line.length && /\s/.test(line[i]!)) i++;
      words.push('');
    } else {
      words[words.length - 1] += c;
      i++;
    }
  }
  if (words.at(-1) === '') words.pop();
  if (quote !== null) return { words: [], error: `unmatched quote at column ${quoteAt + 1}` };
  if (words.length > MAX_WORDS) return { words: words.slice(0, MAX_WORDS), error: `too many words, HAProxy reads only the first ${MAX_WORDS}` };
  return { words, error: null };
}

/** How many of the leading words name the keyword: "capture request header" is three, "timeout server" two. */
function keywordLength(words: readonly string[]): number {
  if (words[0] === 'capture') return words[2] === 'header' ? 3 : 2;
  return TWO_WORD_KEYWORDS.has(words[0]!) && words.length > 1 ? 2 : 1;
}

function toKeywordLine(words: readonly string[], line: number): KeywordLine {
  const prefixed = (words[0] === 'no' || words[0] === 'default') && words.length > 1;
  const rest = prefixed ? words.slice(1) : words;
  const n = keywordLength(rest);
  return { keyword: rest.slice(0, n).join(' '), args: rest.slice(n), line, prefix: prefixed ? (words[0] as 'no' | 'default') : null };
}

/** A section header: "backend app from web" has the name "app" and takes its settings from defaults "web". */
function toSection(words: readonly string[], line: number): Section {
  const keyword = words[0]!;
  const kind: SectionKind = PROXY_SECTIONS.has(keyword) ? (keyword as SectionKind) : 'other';
  const inherits = kind === 'defaults' || kind === 'frontend' || kind === 'backend' || kind === 'listen';
  const named = words[1] !== undefined && !(words[1] === 'from' && kind === 'defaults');
  const fromAt = inherits ? words.indexOf('from', named ? 2 : 1) : -1;
  return { kind, keyword, name: named ? words[1]! : null, from: fromAt > 0 ? (words[fromAt + 1] ?? null) : null, line, lines: [] };
}

/**
 * The conditional block directives (.if/.elif/.else/.endif) only get their nesting checked: their
 * conditions test the environment and the build, unknown here, so every branch is read.
 */
function conditional(words: readonly string[], line: number, open: number[], errors: string[]): void {
  const directive = words[0]!;
  if (directive === '.if') open.push(line);
  else if (directive === '.elif' || directive === '.else') {
    if (open.length === 0) errors.push(`line ${line}: "${directive}" without ".if"`);
  } else if (directive === '.endif') {
    if (open.pop() === undefined) errors.push(`line ${line}: ".endif" without ".if"`);
  } else if (!['.diag', '.notice', '.warning', '.alert'].includes(directive)) errors.push(`line ${line}: unknown directive "${directive}"`);
}

/**
 * Reads haproxy.cfg text into sections (global, defaults, frontend, backend, listen, and the others
 * such as resolvers or userlist) with their statements and line numbers. Quoting and escaping follow
 * HAProxy; what HAProxy would refuse to read is reported with its line, not thrown.
 */
export function parseHaproxyConfig(text: string): { sections: Section[]; errors: string[] } {
  const sections: Section[] = [];
  const errors: string[] = [];
  const openConditions: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const { words, error } = splitHaproxyLine(raw);
    if (error) errors.push(`line ${line}: ${error}`);
    if (words.length === 0) return;
    const first = words[0]!;
    if (first.startsWith('.')) return conditional(words, line, openConditions, errors);
    if (PROXY_SECTIONS.has(first) || OTHER_SECTIONS.has(first)) {
      const section = toSection(words, line);
      if (section.name === null && ['frontend', 'backend', 'listen'].includes(first)) errors.push(`line ${line}: "${first}" needs a name`);
      sections.push(section);
      return;
    }
    const current = sections.at(-1);
    if (!current) errors.push(`line ${line}: "${first}" comes before any section (global, defaults, frontend, backend, listen ...)`);
    else current.lines.push(toKeywordLine(words, line));
  });
  for (const line of openConditions) errors.push(`line ${line}: ".if" has no ".endif"`);
  return { sections, errors };
}

/**
 * The defaults section a proxy (or a defaults section) takes its settings from: the one named after
 * "from", otherwise, for a proxy, the last defaults section above it. A defaults section without "from"
 * starts again from HAProxy's built-in defaults.
 */
function defaultsOf(sections: readonly Section[], section: Section): Section | null {
  const above = sections.slice(0, sections.indexOf(section)).filter((s) => s.kind === 'defaults');
  if (section.from !== null) return above.findLast((s) => s.name === section.from) ?? null;
  return section.kind === 'defaults' ? null : (above.at(-1) ?? null);
}

/**
 * A section's statements preceded by those it inherits from its defaults sections, oldest first, so
 * that the last statement of a keyword is the one in force.
 */
export function effectiveLines(sections: readonly Section[], section: Section): KeywordLine[] {
  const chain: Section[] = [];
  for (let s: Section | null = section; s && !chain.includes(s); s = defaultsOf(sections, s)) chain.unshift(s);
  return chain.flatMap((s) => s.lines);
}

/** The statement of a keyword in force: the last one. */
export function lastOf(lines: readonly KeywordLine[], keyword: string): KeywordLine | null {
  return lines.findLast((l) => l.keyword === keyword) ?? null;
}

/**
 * A time as HAProxy reads it, in ms: an integer with an optional unit (us, ms, s, m, h, d; ms when
 * none). Null for anything HAProxy would refuse.
 */
export function haproxyTimeMs(value: string | undefined): number | null {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(value ?? '');
  if (!m) return null;
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms'] ?? 1;
  return Number(m[1]) * unit;
}

/** Server settings that take a value (section 5.2 of the manual); every other one is a flag. */
const VALUED_SERVER_PARAMS: ReadonlySet<string> = new Set([
  'addr', 'agent-send', 'agent-inter', 'agent-addr', 'agent-port', 'alpn', 'ca-file', 'check-alpn', 'check-proto', 'check-sni',
  'ciphers', 'ciphersuites', 'client-sigalgs', 'cookie', 'crl-file', 'crt', 'curves', 'downinter', 'error-limit', 'fall',
  'fastinter', 'hash-key', 'id', 'init-addr', 'inter', 'interface', 'log-proto', 'maxconn', 'maxqueue', 'max-reuse', 'minconn',
  'namespace', 'npn', 'observe', 'on-error', 'on-marked-down', 'on-marked-up', 'pool-low-conn', 'pool-max-conn',
  'pool-purge-delay', 'port', 'proto', 'proxy-v2-options', 'redir', 'resolve-net', 'resolve-opts', 'resolve-prefer', 'resolvers',
  'rise', 'shard', 'sigalgs', 'slowstart', 'sni', 'socks4', 'source', 'ssl-max-ver', 'ssl-min-ver', 'tcp-ut', 'track', 'usesrc',
  'verify', 'verifyhost', 'weight', 'ws',
]);
/** Settings that undo a flag a default-server line set. */
const UNDOES: Readonly<Record<string, string>> = {
  'no-check': 'check', 'no-backup': 'backup', 'no-ssl': 'ssl', 'no-check-ssl': 'check-ssl', 'no-agent-check': 'agent-check',
  'no-verifyhost': 'verifyhost', enabled: 'disabled',
};

function applyServerParams(words: readonly string[], params: Map<string, string | true>): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (VALUED_SERVER_PARAMS.has(word)) params.set(word, words[++i] ?? '');
    else if (UNDOES[word]) params.delete(UNDOES[word]);
    else params.set(word, true);
  }
}

/**
 * The servers among a section's effective statements, each with the default-server settings in force
 * where it stands (HAProxy copies them when it reads the server line, so later default-server lines do
 * not reach it) and its own on top.
 */
export function serversOf(lines: readonly KeywordLine[]): Server[] {
  const defaults = new Map<string, string | true>();
  const servers: Server[] = [];
  for (const statement of lines) {
    if (statement.keyword === 'default-server') applyServerParams(statement.args, defaults);
    if (statement.keyword !== 'server' || statement.args.length < 2) continue;
    const params = new Map(defaults);
    applyServerParams(statement.args.slice(2), params);
    servers.push({ name: statement.args[0]!, address: statement.args[1]!, params, statement });
  }
  return servers;
}
