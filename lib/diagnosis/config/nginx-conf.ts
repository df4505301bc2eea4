/** One directive of an nginx configuration, with where it stands. */
export interface Directive {
  name: string;
  args: string[];
  /** 1-based line of the directive's name. */
  line: number;
  /** The blocks it sits in, outermost first: ["http", "upstream checkout", "server"]. */
  context: string[];
  /** Directives inside its block, when it opens one. */
  children: Directive[];
}

/**
 * Reads nginx configuration text into directives: comments, quoted strings with escapes, blocks, and
 * the line each directive starts on (findings cite it). Unbalanced braces are reported, not guessed around.
 */
export function parseNginxConfig(text: string): { directives: Directive[]; errors: string[] } {
  const root: Directive[] = [];
  const stack: { children: Directive[]; context: string[] }[] = [{ children: root, context: [] }];
  const errors: string[] = [];
  let words: string[] = [];
  let wordLine = 0;
  let line = 1;
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const top = () => stack[stack.length - 1]!;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (c === '#' && word === null) {
      while (i < text.length && text[i] !== '\n') i++;
      line++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      const quote = c;
      for (i++; i < text.length && text[i] !== quote; i++) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        value += text[i];
      }
      if (words.length === 0 && word === null) wordLine = line;
      word = (word ?? '') + value;
      continue;
    }
    if (/\s/.test(c)) {
      endWord();
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      endWord();
      if (c === '}') {
        if (words.length) errors.push(`line ${wordLine}: "${words.join(' ')}" has no ";"`);
        if (stack.length === 1) errors.push(`line ${line}: "}" closes no block`);
        else stack.pop();
      } else if (words.length) {
        const [name, ...args] = words as [string, ...string[]];
        const directive: Directive = { name, args, line: wordLine, context: top().context, children: [] };
        top().children.push(directive);
        if (c === '{') stack.push({ children: directive.children, context: [...top().context, [name, ...args].join(' ')] });
      }
      words = [];
      continue;
    }
    if (words.length === 0 && word === null) wordLine = line;
    word = (word ?? '') + c;
  }
  endWord();
  if (words.length) errors.push(`line ${wordLine}: "${words.join(' ')}" has no ";"`);
  if (stack.length > 1) errors.push(`the configuration ends inside "${top().context.at(-1)}": a "}" is missing`);
  return { directives: root, errors };
}

/** Every directive, depth first. */
export function flatten(directives: readonly Directive[]): Directive[] {
  return directives.flatMap((d) => [d, ...flatten(d.children)]);
}
