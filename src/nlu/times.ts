// Dates and times as callers say them, resolved in the org's time zone relative to the call's
// "now". chrono-node finds the phrase; the instant is rebuilt from its local parts with
// zonedToUtc so a date across a daylight-saving change still lands on the right hour.
import * as chrono from 'chrono-node';
import type { ResolvedTime } from './types.ts';
import { offsetMinutes, utcToZoned, zonedToUtc } from '../time/zoned.ts';

const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12',
};

const PART_HOURS = { morning: 9, afternoon: 13, evening: 17 } as const;

/** Spoken forms chrono does not know, rewritten to ones it does. */
function preprocess(text: string): string {
  let t = ` ${text.toLowerCase()} `;
  t = t.replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?=\s*(o'?clock|thirty|fifteen|forty|am|pm|a\.m|p\.m|in the|tomorrow|today|on|$|\s))/g, (w) => NUMBER_WORDS[w] ?? w);
  t = t.replace(/\bhalf past (\d{1,2})\b/g, '$1:30');
  t = t.replace(/\bquarter past (\d{1,2})\b/g, '$1:15');
  t = t.replace(/\bquarter to (\d{1,2})\b/g, (_m, h: string) => `${Number(h) === 1 ? 12 : Number(h) - 1}:45`);
  t = t.replace(/\b(\d{1,2}) thirty\b/g, '$1:30');
  t = t.replace(/\b(\d{1,2}) fifteen\b/g, '$1:15');
  t = t.replace(/\b(\d{1,2}) forty five\b/g, '$1:45');
  t = t.replace(/\b(\d{1,2}) o'?clock\b/g, '$1:00');
  t = t.replace(/\ba\.?m\.?\b/g, 'am').replace(/\bp\.?m\.?\b/g, 'pm');
  t = t.replace(/\bfirst thing (?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b/g, '$1 morning');
  t = t.replace(/\bfirst thing\b/g, 'morning');
  t = t.replace(/\bend of (the )?day\b/g, '4pm');
  t = t.replace(/\blunch ?time\b/g, 'noon');
  t = t.replace(/\bday after tomorrow\b/g, 'in 2 days');
  return t.trim();
}

function partOfDay(text: string): ResolvedTime['partOfDay'] {
  if (/\b(morning|first thing|early)\b/.test(text)) return 'morning';
  if (/\b(afternoon|after lunch)\b/.test(text)) return 'afternoon';
  if (/\b(evening|after work|tonight)\b/.test(text)) return 'evening';
  return undefined;
}

/** "the 5th", "on the twenty first" → next occurrence of that day of the month. */
function dayOfMonth(text: string, now: number, tz: string): { year: number; month: number; day: number } | null {
  const m = /\b(?:the|on the)\s+(\d{1,2})(?:st|nd|rd|th)\b/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return null;
  const z = utcToZoned(now, tz);
  let year = z.year;
  let month = z.month;
  if (day < z.day) {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return { year, month, day };
}

export function resolveTime(text: string, now: number, tz: string): ResolvedTime | undefined {
  const pre = preprocess(text);
  const ref = { instant: new Date(now), timezone: offsetMinutes(now, tz) };
  const results = chrono.parse(pre, ref, { forwardDate: true });
  const pod = partOfDay(pre);
  const nowLocal = utcToZoned(now, tz);
  let date: { year: number; month: number; day: number } | null = null;
  let hour: number | null = null;
  let minute = 0;
  let matched = '';

  const r = results[0];
  if (r) {
    matched = r.text;
    const s = r.start;
    // forwardDate may have pushed a bare hour to tomorrow; the day is decided below instead.
    const dayKnown = s.isCertain('day') || s.isCertain('weekday') || /\b(tomorrow|today|tonight|in \d+ days?)\b/.test(pre);
    date = dayKnown
      ? { year: s.get('year') ?? nowLocal.year, month: s.get('month') ?? nowLocal.month, day: s.get('day') ?? nowLocal.day }
      : { year: nowLocal.year, month: nowLocal.month, day: nowLocal.day };
    if (s.isCertain('hour')) {
      hour = s.get('hour') ?? null;
      minute = s.get('minute') ?? 0;
      // A bare "at 3" at a business means 3 PM; "at 9" means 9 AM.
      if (hour !== null && !s.isCertain('meridiem') && hour >= 1 && hour <= 6) hour += 12;
    }
    // A weekday that names today ("Monday" said on a Monday) with no time means next week's.
    const isBareWeekday = s.isCertain('weekday') && !s.isCertain('day') && !/\b(today|this)\b/.test(pre);
    if (isBareWeekday && date.day === nowLocal.day && date.month === nowLocal.month && hour === null) {
      const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 7));
      date = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
    }
  }
  const dom = dayOfMonth(pre, now, tz);
  if (dom && (!r || !r.start.isCertain('day'))) {
    date = dom;
    matched = matched || `the ${dom.day}`;
  }
  if (!date) {
    if (!pod) return undefined;
    date = { year: nowLocal.year, month: nowLocal.month, day: nowLocal.day };
    matched = pod;
  }
  const hasTime = hour !== null;
  const h = hour ?? (pod ? PART_HOURS[pod] : 9);
  let start = zonedToUtc({ ...date, hour: h, minute }, tz);
  // A time today that has already passed means the next day ("at 9" said at 10 AM).
  if (start.getTime() <= now && !/\b(today|tonight)\b/.test(pre) && (!r || (!r.start.isCertain('day') && !r.start.isCertain('weekday')))) {
    const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
    start = zonedToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: h, minute }, tz);
  }
  return { start: start.toISOString(), hasTime, ...(pod && !hasTime ? { partOfDay: pod } : {}), text: matched };
}
