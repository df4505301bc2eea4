import { fitShare } from './fit';
import { parseLogFormatDirective, splitTemplate } from './nginx-log-format-directive';
import { compileTextPlan, scanLine, stepsToTime } from './nginx-log-format-scan';
import { fillSlots, jsonKeysOfTemplate, jsonTimeReader, readJsonObject } from './nginx-json-line';
import { buildRequest, readTime, type LoggedOptionals } from './nginx-record';
import { SLOT_COUNT, Slot, slotOf, type SlotValues } from './nginx-variables';
import type { LogFormat, ParseResult } from './types';
import { invalidInput } from '../errors';

export interface CompileOptions {
  id?: string;
  label?: string;
  gateway?: string;
}

/**
 * Compiles a pasted nginx `log_format` directive (or just its format string) into a LogFormat whose
 * records are built exactly as for the built-in nginx layouts. Throws an invalid_input error saying why
 * when the format cannot be read (no time or status variable, two variables with nothing between them).
 */
export function compileNginxLogFormat(directive: string, options: CompileOptions = {}): LogFormat {
  const { name, escape, template } = parseLogFormatDirective(directive);
  const parsed = splitTemplate(template);
  const json = escape === 'json' || template.trimStart().startsWith('{');
  // In JSON mode only variables that are a key's whole value are read; in text mode every variable.
  const jsonKeys = json ? jsonKeysOfTemplate(template) : null;
  const variables = jsonKeys ? [...jsonKeys.values()] : parsed.variables;
  const slots = new Set(variables.map(slotOf));
  const timeSlots: readonly Slot[] = [Slot.timeLocal, Slot.timeIso, Slot.msec];
  if (!timeSlots.some((slot) => slots.has(slot))) {
    throw invalidInput('the log_format has no time variable ($time_local, $time_iso8601 or $msec), so its lines cannot be placed in time');
  }
  if (!slots.has(Slot.status)) throw invalidInput('the log_format has no $status, so failed requests cannot be found');
  const logged: LoggedOptionals = { userAgent: slots.has(Slot.userAgent), requestId: slots.has(Slot.requestId) };

  let readSlots: (line: string, values: SlotValues) => string | null;
  // A line is read up to its time alone when a range asks (LogFormat.timeOf).
  let timeOf: (line: string) => number | null;
  if (jsonKeys) {
    const slotOfKey = (key: string) => {
      const variable = jsonKeys.get(key);
      return variable === undefined ? null : slotOf(variable);
    };
    timeOf = jsonTimeReader([...jsonKeys.keys()].flatMap((key) => {
      const slot = slotOfKey(key);
      return slot !== null && timeSlots.includes(slot) ? [[key, slot] as const] : [];
    }));
    readSlots = (line, values) => {
      const object = readJsonObject(line);
      if (typeof object === 'string') return object;
      return fillSlots(object, slotOfKey, values) === 0 ? 'none of the log_format keys is in the object' : null;
    };
  } else {
    const plan = compileTextPlan(parsed);
    readSlots = (line, values) => scanLine(line, plan, values);
    const toTime = stepsToTime(plan, timeSlots);
    timeOf = (line) => {
      const values: SlotValues = new Array(SLOT_COUNT);
      if (scanLine(line, plan, values, toTime) !== null) return null;
      const time = readTime(values);
      return typeof time === 'number' ? time : null;
    };
  }

  function parseLine(line: string): ParseResult {
    const values: SlotValues = new Array(SLOT_COUNT);
    const failure = readSlots(line, values);
    if (failure !== null) return { kind: 'reject', reason: failure };
    const record = buildRequest(values, logged);
    return typeof record === 'string' ? { kind: 'reject', reason: record } : { kind: 'request', record };
  }

  return {
    id: options.id ?? (name ? `nginx_log_format_${name}` : 'nginx_log_format'),
    gateway: options.gateway ?? 'nginx',
    label: options.label ?? (name ? `nginx log_format ${name}` : `nginx log_format '${template}'`),
    parseLine,
    timeOf,
    detect: (sample) => fitShare(sample, parseLine),
  };
}
