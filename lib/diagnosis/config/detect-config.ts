/**
 * A line that opens an HAProxy section, the whole line: "global", "defaults [NAME]", "backend NAME" and
 * the like, each with an optional "from DEFAULTS". Prose that happens to start with "backend" does not match.
 */
const HAPROXY_SECTION = /^(global|defaults( [\w.:-]+)?|(frontend|backend|listen) [\w.:-]+)( from [\w.:-]+)?$/;
/** A line as nginx ends its statements: a directive's ";" or a block's "{" or "}". */
const NGINX_END = /[;{}]$/;

/**
 * Comments off, blanks trimmed and runs of blanks made one. A "#" counts as a comment only at the start of a line or after a
 * blank, which is true of both formats' comments and spares a "#" inside a value (a URL fragment).
 */
const meaningful = (text: string) =>
  text.split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ')).filter((line) => line !== '');

/**
 * Which gateway a pasted configuration is for: HAProxy when section keywords (global, defaults,
 * frontend, backend, listen) open lines without braces and most lines do not end the nginx way; nginx
 * when most lines end in ";", "{" or "}" and some directive ends in ";". Null when it is neither, or too
 * little to tell. (HAProxy's anonymous ACLs, `if { path_beg /x }`, end a line in "}" too, hence "most".)
 */
export function detectConfigKind(text: string): 'nginx' | 'haproxy' | null {
  const lines = meaningful(text);
  if (lines.length === 0) return null;
  const nginxLike = lines.filter((line) => NGINX_END.test(line)).length;
  const mostlyNginx = nginxLike * 2 > lines.length;
  if (!mostlyNginx && lines.some((line) => HAPROXY_SECTION.test(line))) return 'haproxy';
  if (mostlyNginx && lines.some((line) => line.endsWith(';'))) return 'nginx';
  return null;
}
