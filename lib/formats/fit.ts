import { defaultParseContext, type ParseContext, type ParseResult } from './types';

/** Share of the non-blank sample lines that parse (as a request or an event). */
export function fitShare(sample: readonly string[], parseLine: (line: string, context?: ParseContext) => ParseResult): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const context = defaultParseContext();
  return lines.filter((line) => parseLine(line, context).kind !== 'reject').length / lines.length;
}
