// Date and time macros ({{time}}, {{date}}, {{weekday}}, {{isotime}}, {{isodate}}, {{idle_duration}}) without a date library.

export interface Clock {
  now: Date;
  /** IANA zone; the runtime's own zone when absent. */
  timeZone?: string;
  locale?: string;
}

function parts(c: Clock, opts: Intl.DateTimeFormatOptions): Record<string, string> {
  const fmt = new Intl.DateTimeFormat(c.locale ?? 'en-US', { ...opts, timeZone: c.timeZone });
  return Object.fromEntries(fmt.formatToParts(c.now).map((p) => [p.type, p.value]));
}

export function formatTime(c: Clock): string {
  return new Intl.DateTimeFormat(c.locale ?? 'en-US', { hour: 'numeric', minute: '2-digit', timeZone: c.timeZone }).format(c.now);
}

export function formatDate(c: Clock): string {
  return new Intl.DateTimeFormat(c.locale ?? 'en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: c.timeZone }).format(c.now);
}

export function formatWeekday(c: Clock): string {
  return new Intl.DateTimeFormat(c.locale ?? 'en-US', { weekday: 'long', timeZone: c.timeZone }).format(c.now);
}

export function formatIsoTime(c: Clock): string {
  const p = parts({ ...c, locale: 'en-GB' }, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

export function formatIsoDate(c: Clock): string {
  const p = parts({ ...c, locale: 'en-US' }, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** Human wording of a duration, the way SillyTavern's {{idle_duration}} words it. */
export function humanizeDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const n = (v: number, unit: string) => `${Math.round(v)} ${unit}`;
  if (s < 45) return 'a few seconds';
  if (s < 90) return 'a minute';
  if (s < 45 * 60) return n(s / 60, 'minutes');
  if (s < 90 * 60) return 'an hour';
  if (s < 22 * 3600) return n(s / 3600, 'hours');
  if (s < 36 * 3600) return 'a day';
  if (s < 26 * 86400) return n(s / 86400, 'days');
  if (s < 45 * 86400) return 'a month';
  if (s < 320 * 86400) return n(s / (30 * 86400), 'months');
  if (s < 548 * 86400) return 'a year';
  return n(s / (365 * 86400), 'years');
}
