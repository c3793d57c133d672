// Dates and times as callers say them, resolved in the org's time zone relative to the call's
// "now". chrono-node finds the phrase; the instant is rebuilt from its local parts with
// zonedToUtc so a date across a daylight-saving change still lands on the right hour.
import * as chrono from 'chrono-node';
import type { ResolvedTime } from './types.ts';
import { offsetMinutes, utcToZoned, zonedToUtc } from '../time/zoned.ts';

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
};

const PART_HOURS = { morning: 9, afternoon: 13, evening: 17 } as const;

/** Spoken forms chrono does not know, rewritten to ones it does. */
function preprocess(text: string): string {
  let t = ` ${text.toLowerCase()} `;
  t = t.replace(
    /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?=\s*(o'?clock|thirty|fifteen|forty|am|pm|a\.m|p\.m|in the|tomorrow|today|on|$|\s))/g,
    (w) => NUMBER_WORDS[w] ?? w,
  );
  // What already happened is not a time to book: "the light came on this morning", "since yesterday".
  t = t.replace(
    /\b(came on|come on|went out|went off|started|happened|began|broke down|broke|stopped working|stopped|died|quit|since|was|were|did|had)\s+(?:(?:this|last|on)\s+)?(morning|afternoon|evening|night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)\b/g,
    '$1',
  );
  // A habit is not an appointment: "it bangs every cold morning", "each night".
  t = t.replace(
    /\b(?:every|each|most|some)\s+(?:(?:cold|hot|single|other|warm)\s+)?(?:morning|afternoon|evening|night|day|time|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/g,
    ' ',
  );
  t = t.replace(/\b(yesterday|last (?:night|week|month|year|time)|\d+ (?:days?|weeks?|months?|years?) ago)\b/g, ' ');
  t = t.replace(/\bhalf past (\d{1,2})\b/g, '$1:30');
  t = t.replace(/\bquarter past (\d{1,2})\b/g, '$1:15');
  t = t.replace(
    /\bquarter (?:to|till|til) (\d{1,2})\b/g,
    (_m, h: string) => `${Number(h) === 1 ? 12 : Number(h) - 1}:45`,
  );
  t = t.replace(/\b(\d{1,2}) thirty\b/g, '$1:30');
  t = t.replace(/\b(\d{1,2}) fifteen\b/g, '$1:15');
  t = t.replace(/\b(\d{1,2}) forty five\b/g, '$1:45');
  t = t.replace(/\b(\d{1,2}) o'?clock\b/g, '$1:00');
  t = t.replace(/\ba\.?m\.?\b/g, 'am').replace(/\bp\.?m\.?\b/g, 'pm');
  t = t.replace(/\b(\d{1,2}(?::\d{2})?)\s*ish\b/g, '$1');
  t = t.replace(/\bmid ?day\b/g, 'noon');
  // "7 in the evening" is 7 PM; chrono reads the hour alone.
  t = t.replace(/\b(\d{1,2}(?::\d{2})?) (?:in the|at) (?:evening|afternoon|night)\b/g, '$1pm');
  t = t.replace(/\b(\d{1,2}(?::\d{2})?) in the morning\b/g, '$1am');
  // A window starts at its first hour: "between 1 and 3".
  t = t.replace(
    /\bbetween (\d{1,2}(?::\d{2})?)(?: ?(am|pm))? (?:and|to) \d{1,2}(?::\d{2})?/g,
    (_m, h: string, mer?: string) => `at ${h}${mer ? ` ${mer}` : ''}`,
  );
  // Approximate and bare clock times: "around 10", "after 3", "make it 3", "3 works".
  const units = '(?!\\s*(?:st|nd|rd|th|days?|weeks?|months?|years?|minutes?|mins?|hours?|hrs?|people|kids|cars|of)\\b)';
  t = t.replace(
    new RegExp(
      `\\b(?:at )?(?:around|about|after|by|like|say|anytime after|any time after|sometime after|no earlier than)\\s+(\\d{1,2}(?::\\d{2})?)\\b${units}`,
      'g',
    ),
    'at $1',
  );
  t = t.replace(
    new RegExp(
      `\\b(make it|how about|what about|maybe|let's do|lets do|can we do|could we do|can you do|could you do|instead|or)\\s+(\\d{1,2}(?::\\d{2})?)\\b${units}`,
      'g',
    ),
    '$1 at $2',
  );
  t = t.replace(
    /^\s*(\d{1,2}(?::\d{2})?)(?=\s+(?:works?|is good|is fine|is great|is perfect|is better|would work|would be good|would be great|sounds good|please|then|pm|am)\b|\s*$)/,
    'at $1',
  );
  t = t.replace(
    /\bfirst thing (?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b/g,
    '$1 morning',
  );
  t = t.replace(/\bfirst thing\b/g, 'morning');
  t = t.replace(/\bend of (the )?day\b/g, '4pm');
  t = t.replace(/\blunch ?time\b/g, 'noon');
  t = t.replace(/\bday after tomorrow\b/g, 'in 2 days');
  return t.replace(/\s+/g, ' ').trim();
}

function partOfDay(text: string): ResolvedTime['partOfDay'] {
  if (/\b(morning|first thing|early)\b/.test(text)) return 'morning';
  if (/\b(afternoon|after lunch)\b/.test(text)) return 'afternoon';
  if (/\b(evening|after work|tonight)\b/.test(text)) return 'evening';
  return undefined;
}

/** "the 5th", "on the twenty first" → next occurrence of that day of the month. */
function dayOfMonth(
  text: string,
  now: number,
  tz: string,
): { date: { year: number; month: number; day: number }; text: string } | null {
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
  return { date: { year, month, day }, text: m[0] };
}

const DURATION = /^\d+ (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)$/;
/** "As soon as possible": the earliest the calendar allows, from now. */
const ASAP =
  /\b(asap|a s a p|how soon|as soon as (?:possible|you can)|as early as (?:possible|you can)|soonest|earliest|right away|first available|next available|first opening|next opening)\b/;

export function resolveTime(text: string, now: number, tz: string): ResolvedTime | undefined {
  const pre = preprocess(text);
  const ref = { instant: new Date(now), timezone: offsetMinutes(now, tz) };
  // A phrase with neither a day nor a clock time ("this week") or a bare span ("every 5 minutes",
  // "2 years since") says nothing about when to come.
  const results = chrono.parse(pre, ref, { forwardDate: true }).filter((r) => {
    const c = r.start;
    const dated = c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month');
    return (
      (dated || c.isCertain('hour')) &&
      !DURATION.test(r.text.trim()) &&
      !/^(?:next|this|the) week(?:end)?$/.test(r.text.trim())
    );
  });
  const pod = partOfDay(pre);
  const nowLocal = utcToZoned(now, tz);
  // The day and the clock time may come as separate phrases: "wednesday the 2nd at 10:30".
  // Of two days, the one it should move to wins: "I have Thursday but need to move it to Friday".
  const days = results.filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday'));
  const dated =
    days.find((r) => days.length > 1 && /\b(to|instead|make it|rather)\s*$/.test(pre.slice(0, r.index))) ?? days[0];
  const timed = results.find((r) => r.start.isCertain('hour'));
  let date: { year: number; month: number; day: number } | null = null;
  let hour: number | null = null;
  let minute = 0;
  const texts: string[] = [];

  const today = /\b(tomorrow|today|tonight|in \d+ days?|this (?:morning|afternoon|evening))\b/.test(pre);
  if (dated) {
    texts.push(dated.text);
    const s = dated.start;
    date = {
      year: s.get('year') ?? nowLocal.year,
      month: s.get('month') ?? nowLocal.month,
      day: s.get('day') ?? nowLocal.day,
    };
  } else if (timed) {
    // forwardDate may have pushed a bare hour to tomorrow; the day is decided below instead.
    date = { year: nowLocal.year, month: nowLocal.month, day: nowLocal.day };
  }
  if (timed) {
    if (timed !== dated) texts.push(timed.text);
    const s = timed.start;
    hour = s.get('hour') ?? null;
    minute = s.get('minute') ?? 0;
    // A bare "at 3" at a business means 3 PM; "at 9" means 9 AM.
    if (hour !== null && !s.isCertain('meridiem') && hour >= 1 && hour <= 6) hour += 12;
  }
  if (dated) {
    // A weekday that names today ("Monday" said on a Monday) with no time means next week's.
    const s = dated.start;
    const isBareWeekday = s.isCertain('weekday') && !s.isCertain('day') && !/\b(today|this)\b/.test(pre);
    if (date && isBareWeekday && date.day === nowLocal.day && date.month === nowLocal.month && hour === null) {
      const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 7));
      date = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
    }
  }
  const dom = dayOfMonth(pre, now, tz);
  if (dom && !dated?.start.isCertain('day')) {
    date = dom.date;
    texts.unshift(dom.text);
  }
  if (!date) {
    const asap = ASAP.exec(pre);
    if (asap) return { start: new Date(now).toISOString(), hasTime: false, text: asap[0] };
    if (!pod) return undefined;
    date = { year: nowLocal.year, month: nowLocal.month, day: nowLocal.day };
    texts.push(pod);
  }
  const hasTime = hour !== null;
  const h = hour ?? (pod ? PART_HOURS[pod] : 9);
  let start = zonedToUtc({ ...date, hour: h, minute }, tz);
  // A time today that has already passed means the next day ("at 9" said at 10 AM).
  if (start.getTime() <= now && !today && !dated && !dom) {
    const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
    start = zonedToUtc(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: h, minute },
      tz,
    );
  }
  return { start: start.toISOString(), hasTime, ...(pod && !hasTime ? { partOfDay: pod } : {}), text: texts.join(' ') };
}
