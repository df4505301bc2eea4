import { invalidInput } from '../errors';

/**
 * Reads a `log_format` directive as a user pastes it from nginx.conf:
 * `log_format name [escape=default|json|none] 'frag' "frag" ...;` across any number of lines, or just
 * the format string (quoted or not). nginx joins the fragments with nothing between them.
 */
export interface LogFormatDirective {
  name: string | null;
  escape: 'default' | 'json' | 'none';
  template: string;
}

export function parseLogFormatDirective(text: string): LogFormatDirective {
  const trimmed = text.trim().replace(/;\s*$/, '');
  if (!/^log_format\s/.test(trimmed)) {
    // Just the format string: quoted fragments are joined, bare text is the format itself.
    const first = trimmed[0];
    const template = first === "'" || first === '"' ? readTokens(trimmed).join('') : trimmed;
    return { name: null, escape: 'default', template };
  }
  const tokens = readTokens(trimmed);
  const name = tokens[1];
  if (name === undefined) throw invalidInput('log_format needs a name and a format string');
  let rest = tokens.slice(2);
  let escape: LogFormatDirective['escape'] = 'default';
  if (rest[0]?.startsWith('escape=')) {
    const value = rest[0].slice('escape='.length);
    if (value !== 'default' && value !== 'json' && value !== 'none') {
      throw invalidInput(`log_format ${name}: escape must be default, json or none, not "${value}"`);
    }
    escape = value;
    rest = rest.slice(1);
  }
  if (rest.length === 0) throw invalidInput(`log_format ${name} has no format string`);
  return { name, escape, template: rest.join('') };
}

/**
 * nginx's configuration tokens: whitespace separates them, '...' and "..." quote them (a backslash escapes
 * the quote and itself inside), `#` starts a comment to the end of the line.
 */
function readTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        const next = text[i + 1];
        if (text[i] === '\\' && (next === c || next === '\\')) {
          value += next;
          i += 2;
        } else {
          value += text[i++];
        }
      }
      if (i >= text.length) throw invalidInput(`the quoted string starting "${value.slice(0, 30)}" is not closed`);
      tokens.push(value);
      i++;
    } else {
      let end = i;
      while (end < text.length && !' \t\r\n;'.includes(text[end]!)) end++;
      tokens.push(text.slice(i, end));
      i = end + (text[end] === ';' ? 1 : 0);
    }
  }
  return tokens;
}

/** The template split at its variables: `literals[i]` comes before `variables[i]`, one more literal at the end. */
export interface Template {
  literals: string[];
  variables: string[];
}

const isNameChar = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/** `$name` or `${name}`; a `$` not followed by a name is literal text. */
export function splitTemplate(template: string): Template {
  const literals: string[] = [];
  const variables: string[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '$' && template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close > i + 2) {
        literals.push(literal);
        variables.push(template.slice(i + 2, close));
        literal = '';
        i = close + 1;
        continue;
      }
    } else if (c === '$' && isNameChar(template.charCodeAt(i + 1))) {
      let end = i + 1;
      while (end < template.length && isNameChar(template.charCodeAt(end))) end++;
      literals.push(literal);
      variables.push(template.slice(i + 1, end));
      literal = '';
      i = end;
      continue;
    }
    literal += c;
    i++;
  }
  literals.push(literal);
  return { literals, variables };
}
