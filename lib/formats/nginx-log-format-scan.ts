import { invalidInput } from '../errors';
import type { Template } from './nginx-log-format-directive';
import { shapeOf, slotOf, type Shape, type Slot, type SlotValues } from './nginx-variables';

/**
 * A text log_format compiled to scan steps: each step takes one variable's value up to the literal text
 * that follows it, found with indexOf (no per-line regex). Values with spaces are handled by their shape:
 * `$time_local` has a fixed length, upstream lists continue over ", " and " : ", quoted values end at the
 * quote that the template puts after them.
 */
interface Step {
  variable: string;
  slot: Slot | null;
  shape: Shape;
  /** The literal text after the value; for the last step, what the line ends with. */
  after: string;
}

export interface TextPlan {
  prefix: string;
  steps: Step[];
}

export function compileTextPlan({ literals, variables }: Template): TextPlan {
  const steps = variables.map((variable, i): Step => {
    const after = literals[i + 1] ?? '';
    const last = i === variables.length - 1;
    const shape = shapeOf(variable);
    if (!last && after === '' && shape !== 'fixed') {
      throw invalidInput(`$${variable} and $${variables[i + 1]} have no text between them, so a line cannot be split between them`);
    }
    return { variable, slot: slotOf(variable), shape, after };
  });
  return { prefix: literals[0] ?? '', steps };
}

/**
 * Fills `values` from the line; returns the reason when the line does not have the plan's layout. `stepCount`:
 * only the first so many variables are read (the line's time alone, for a range).
 */
export function scanLine(line: string, plan: TextPlan, values: SlotValues, stepCount = plan.steps.length): string | null {
  if (!line.startsWith(plan.prefix)) return `the line does not start with "${plan.prefix}"`;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 13 || line.charCodeAt(end - 1) === 32)) end--;
  const { steps } = plan;
  let pos = plan.prefix.length;
  for (let i = 0; i < stepCount; i++) {
    const step = steps[i]!;
    const valueEnd = i === steps.length - 1 ? lastValueEnd(line, pos, end, step) : valueEndBefore(line, pos, step);
    if (valueEnd < 0) return `no "${step.after}" after $${step.variable} (from column ${pos + 1})`;
    if (step.slot !== null) values[step.slot] = line.slice(pos, valueEnd);
    pos = valueEnd + step.after.length;
  }
  return null;
}

/** How many variables a line is read up to for its time: the first time variable's place, and 1. */
export function stepsToTime(plan: TextPlan, timeSlots: readonly Slot[]): number {
  return plan.steps.findIndex((step) => step.slot !== null && timeSlots.includes(step.slot)) + 1;
}

function valueEndBefore(line: string, pos: number, step: Step): number {
  if (step.shape === 'fixed') return line.startsWith(step.after, pos + 26) ? pos + 26 : -1;
  if (step.shape === 'list' && step.after.charCodeAt(0) === 32) {
    const end = listEnd(line, pos, line.length);
    return line.startsWith(step.after, end) ? end : -1;
  }
  return line.indexOf(step.after, pos);
}

/** The last value runs to the line's end minus the template's closing text; its shape must fit. */
function lastValueEnd(line: string, pos: number, lineEnd: number, step: Step): number {
  const end = lineEnd - step.after.length;
  if (end < pos || !line.startsWith(step.after, end)) return -1;
  if (step.shape === 'fixed') return end === pos + 26 ? end : -1;
  if (step.shape === 'token') return line.indexOf(' ', pos) < 0 || line.indexOf(' ', pos) >= end ? end : -1;
  if (step.shape === 'list') return listEnd(line, pos, end) === end ? end : -1;
  return end;
}

/**
 * Where an unquoted nginx list ends: at the first space that does not continue it. "a:80, b:80" continues
 * after a comma, "a:80 : b:80" over " : " (a second upstream group after an internal redirect).
 */
function listEnd(line: string, pos: number, limit: number): number {
  let space = line.indexOf(' ', pos);
  while (space >= 0 && space < limit) {
    if (line.charCodeAt(space - 1) === 44) {
      space = line.indexOf(' ', space + 1);
    } else if (line.charCodeAt(space + 1) === 58 && line.charCodeAt(space + 2) === 32) {
      space = line.indexOf(' ', space + 3);
    } else {
      return space;
    }
  }
  return limit;
}
