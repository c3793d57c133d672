// Dates and times as Spanish-speaking callers say them, resolved in the org's time zone relative to
// the call's "now", with the same result shape and the same conventions as the English resolver
// (a bare "a las 3" at a business is 3 PM, a weekday that names today means next week's, a time
// already past today means tomorrow). chrono-node's Spanish parser misses what callers say most
// ("pasado mañana" reads as "mañana", "a las cuatro y cuarto" and "a las diez" are not found,
// "a las 4 de la tarde" is 4 AM, "mañana" is always a day), so the phrases are read here by rule
// and chrono's Spanish parser is only asked for the rarer written dates ("3/12", "diciembre 3").
import * as chrono from 'chrono-node';
import type { ResolvedTime } from '../types.ts';
import { offsetMinutes, utcToZoned, zonedToUtc } from '../../time/zoned.ts';
import { MONTHS_ES } from '../../time/names-es.ts';
import { anyOf, normalizeEs, numbersToDigits, squash } from './text.ts';

type Part = NonNullable<ResolvedTime['partOfDay']>;
type Day = { year: number; month: number; day: number };

const PART_HOURS: Record<Part, number> = { morning: 9, afternoon: 13, evening: 17 };
const WEEKDAYS = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'];
const MONTHS: readonly string[] = MONTHS_ES;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;
const MONTH = `(${MONTHS.join('|')}|setiembre)`;

/** "de la tarde", "por la mañana", "p m": what a clock time's half of the day is. */
const MERIDIEM = `(${[
  'de la manana|por la manana|en la manana|de la tarde|por la tarde|en la tarde',
  'de la noche|por la noche|en la noche|de la madrugada|del mediodia|de mediodia|am|pm|a m|p m',
].join('|')})`;

const HAPPENED = '(?:desde|empezo|comenzo|se descompuso|se apago|se rompio|dejo de funcionar|paso|fue|vine|vino)';

const WHEN_PAST = `(?:${WEEKDAY}|manana|tarde|noche|semana|ayer|anoche)`;

/** Past events are not times to book: "se descompuso el lunes", "desde ayer", "la semana pasada". */
function dropPast(t: string): string {
  return t
    .replace(
      new RegExp(`\\b${HAPPENED} (?:el |la |esta |este |ayer |anoche )?${WHEN_PAST}\\b(?: pasad[oa])?`, 'g'),
      ' ',
    )
    .replace(new RegExp(`\\b(?:el |la )?(?:${WEEKDAY}|semana|mes|ano) pasad[oa]\\b`, 'g'), ' ')
    .replace(/\b(?:anteayer|antier|ayer|anoche|hace \d+ (?:dias?|semanas?|meses|mes|anos?))\b/g, ' ');
}

/** Folded text with number words as digits and the past removed. */
export function prepareEs(text: string): string {
  return squash(dropPast(` ${numbersToDigits(normalizeEs(text))} `));
}

interface Clock {
  hour: number;
  minute: number;
  text: string;
}

function applyMeridiem(
  hour: number,
  mer: string | undefined,
  pod: Part | undefined,
): { hour: number; certain: boolean } {
  const m = mer ?? '';
  if (/manana|madrugada|^a ?m$/.test(m)) return { hour: hour === 12 ? 0 : hour, certain: true };
  if (/mediodia/.test(m)) return { hour: hour < 12 && hour <= 5 ? hour + 12 : hour, certain: true };
  if (/noche/.test(m)) return { hour: hour === 12 ? 0 : hour >= 6 && hour < 12 ? hour + 12 : hour, certain: true };
  if (/tarde|^p ?m$/.test(m)) return { hour: hour < 12 ? hour + 12 : hour, certain: true };
  // "mañana en la tarde a las 4": the part of day said elsewhere settles the half of the day.
  if ((pod === 'afternoon' || pod === 'evening') && hour < 12) return { hour: hour + 12, certain: true };
  return { hour, certain: false };
}

const MINUTES = '(?: (y|menos) (media|cuarto|\\d{1,2})(?: minutos)?)?';
// "ninguna de las dos" counts options, not hours.
const CLOCK_CUE =
  '(?<!(?:ninguna|ninguno|cualquiera|alguna|una|uno|cual) de )' +
  '(?:a |para |como a |tipo |sobre |hacia |a eso de |despues de |antes de |entre |desde )?(?:la|las|eso de las)';

/** A clock time: "a las 3 y media de la tarde", "a la 1", "3:45 pm", "cuarto para las 5", "a mediodia". */
function findClock(t: string, pod: Part | undefined): Clock | undefined {
  const before = new RegExp(
    `\\b(cuarto|\\d{1,2}|\\d{1,2} minutos) para (?:la|las) (\\d{1,2})(?: ${MERIDIEM})?\\b`,
  ).exec(t);
  if (before) {
    const mins = before[1] === 'cuarto' ? 15 : Number.parseInt(before[1]!, 10);
    const h = Number(before[2]);
    if (h >= 1 && h <= 12 && mins > 0 && mins < 60)
      return finish(h - 1 === 0 ? 12 : h - 1, 60 - mins, before[3], before[0]);
  }
  const patterns = [
    // With "la"/"las": "a las 3", "las 10:30", "a la 1 y cuarto", "a las 5 menos cuarto".
    new RegExp(`\\b${CLOCK_CUE} (\\d{1,2})(?::(\\d{2}))?${MINUTES}(?: en punto)?(?: ${MERIDIEM})?\\b`),
    // Without: "3:30", "3 y media", "3 de la tarde", "10 am".
    new RegExp(`\\b(\\d{1,2}):(\\d{2})${MINUTES}(?: ${MERIDIEM})?\\b`),
    new RegExp(`\\b(\\d{1,2})()(?: (y|menos) (media|cuarto))(?: ${MERIDIEM})?\\b`),
    new RegExp(`\\b(\\d{1,2})()()()(?: en punto)? ${MERIDIEM}\\b`),
  ];
  for (const re of patterns) {
    const m = re.exec(t);
    if (!m) continue;
    let h = Number(m[1]);
    let min = m[2] ? Number(m[2]) : 0;
    const sign = m[3];
    const amount = m[4];
    if (sign && amount) {
      const n = amount === 'media' ? 30 : amount === 'cuarto' ? 15 : Number(amount);
      if (sign === 'y') min += n;
      else {
        h = h - 1 === 0 ? 12 : h - 1;
        min = 60 - n;
      }
    }
    if (h > 23 || min > 59 || min < 0) continue;
    return finish(h, min, m[5], m[0], pod);
  }
  const noon = /\b(?:a |al |para el |como a )?(mediodia|medianoche)\b/.exec(t);
  if (noon) return { hour: noon[1] === 'mediodia' ? 12 : 0, minute: 0, text: noon[0] };
  // A bare number as the whole answer or its start: "3", "4 esta bien", "10 por favor".
  const lead = '^(?:(?:si|bueno|ok|okay|mejor|entonces|pues) )*';
  const bare = new RegExp(
    `${lead}(\\d{1,2})(?= (?:esta bien|me sirve|me queda bien|por favor|entonces|mejor)\\b|$)`,
  ).exec(t);
  if (bare && Number(bare[1]) <= 12 && Number(bare[1]) >= 1) return finish(Number(bare[1]), 0, undefined, bare[0], pod);
  return undefined;

  function finish(h: number, min: number, mer: string | undefined, text: string, p?: Part): Clock {
    const { hour, certain } = applyMeridiem(h, mer, p);
    // A bare "a las 3" at a business means 3 PM; "a las 9" means 9 AM.
    return { hour: !certain && hour >= 1 && hour <= 6 ? hour + 12 : hour, minute: min, text: text.trim() };
  }
}

function partOfDay(t: string): Part | undefined {
  if (/\b(?:(?:en|por|de) la manana|esta manana|en la mananita|temprano|a primera hora|lo primero)\b/.test(t))
    return 'morning';
  if (
    anyOf([
      '(?:en|por|de) la tarde|esta tarde|despues de (?:comer|almorzar|la comida|mediodia)',
      'despues del almuerzo',
    ]).test(t)
  )
    return 'afternoon';
  if (/\b(?:(?:en|por|de) la noche|esta noche|despues del trabajo|saliendo del trabajo)\b/.test(t)) return 'evening';
  return undefined;
}

function addDays(d: Day, n: number): Day {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

function weekdayOf(d: Day): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** The next date with this day of the month (this month or later), skipping months too short for it. */
function nextDayOfMonth(today: Day, day: number): Day | undefined {
  for (let i = 0; i < 3; i++) {
    const month0 = today.month - 1 + i + (day < today.day && i === 0 ? 1 : 0);
    const x = new Date(Date.UTC(today.year, month0, day));
    if (x.getUTCDate() === day) return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day };
  }
  return undefined;
}

/** "el próximo martes", "el martes que viene", "el martes de la semana que viene". */
const WEEKDAY_BEFORE = '(este|esta|el proximo|proximo|el otro|la semana que viene el|la proxima semana el|el)';
const WEEKDAY_AFTER = '(que viene|proximo|de la semana que viene|de la proxima semana|de la otra semana)';

interface Dated {
  date: Day;
  text: string;
  /** The day was named as today ("hoy", "este lunes" on a Monday): no moving it to next week. */
  explicitToday: boolean;
  /** A bare weekday: if it names today and no time was given, next week's is meant. */
  bareWeekday: boolean;
}

function findDay(t: string, raw: string, today: Day, now: number, tz: string): Dated | undefined {
  const explicit = new RegExp(
    `\\b(?:el )?(?:${WEEKDAY} )?(?:dia )?(\\d{1,2}|primero) de ${MONTH}(?: (?:de )?(\\d{4}))?\\b`,
  ).exec(t);
  if (explicit) {
    const day = explicit[2] === 'primero' ? 1 : Number(explicit[2]);
    const month = MONTHS.indexOf(explicit[3]!) + 1 || 9;
    let year = explicit[4] ? Number(explicit[4]) : today.year;
    if (!explicit[4] && (month < today.month || (month === today.month && day < today.day))) year++;
    const x = new Date(Date.UTC(year, month - 1, day));
    if (day >= 1 && x.getUTCDate() === day)
      return { date: { year, month, day }, text: explicit[0].trim(), explicitToday: false, bareWeekday: false };
  }
  const rel = /\b(pasado manana|hoy|manana|en (\d{1,2}) dias|dentro de (\d{1,2}) dias)\b/.exec(t);
  if (rel) {
    const n =
      rel[1] === 'pasado manana' ? 2 : rel[1] === 'hoy' ? 0 : rel[1] === 'manana' ? 1 : Number(rel[2] ?? rel[3]);
    return { date: addDays(today, n), text: rel[0], explicitToday: n === 0, bareWeekday: false };
  }
  const weekdays = [...t.matchAll(new RegExp(`\\b(?:${WEEKDAY_BEFORE} )?${WEEKDAY}(?: ${WEEKDAY_AFTER})?\\b`, 'g'))];
  // Of two days, the one it should move to wins: "mi cita del jueves para el viernes".
  const wd =
    weekdays.find(
      (m) => weekdays.length > 1 && /\b(?:para|a|al|mejor|hasta)\s*(?:el\s*)?$/.test(t.slice(0, m.index)),
    ) ?? weekdays[0];
  if (wd) {
    const target = WEEKDAYS.indexOf(wd[2]!);
    const before = wd[1] ?? '';
    const after = wd[3] ?? '';
    const ahead = (target - weekdayOf(today) + 7) % 7;
    let n = ahead;
    // "el martes de la semana que viene": the one in next week (weeks start on Monday).
    if (/semana/.test(before) || /semana/.test(after)) {
      const toNextMonday = (8 - weekdayOf(today)) % 7 || 7;
      n = toNextMonday + ((target + 6) % 7);
    } else if (ahead === 0 && !/^est/.test(before)) n = 7;
    return {
      date: addDays(today, n),
      text: wd[0].trim(),
      explicitToday: /^est/.test(before) && ahead === 0,
      bareWeekday: (!before || before === 'el') && !after,
    };
  }
  const dom = /\bel (?:dia )?(\d{1,2}|(?<=dia )primero)\b(?! (?:y|menos|de la|del|en punto)\b|:)/.exec(t);
  if (dom) {
    const day = dom[1] === 'primero' ? 1 : Number(dom[1]);
    const date = day >= 1 && day <= 31 ? nextDayOfMonth(today, day) : undefined;
    if (date) return { date, text: dom[0], explicitToday: false, bareWeekday: false };
  }
  // Written dates the rules above do not read ("3/12"): chrono's Spanish parser, day and month certain.
  const ref = { instant: new Date(now), timezone: offsetMinutes(now, tz) };
  const written = chrono.es
    .parse(raw.toLowerCase(), ref, { forwardDate: true })
    .find((r) => /\d{1,2}[/-]\d{1,2}/.test(r.text) && r.start.isCertain('day') && r.start.isCertain('month'));
  if (written) {
    const s = written.start;
    return {
      date: { year: s.get('year') ?? today.year, month: s.get('month')!, day: s.get('day')! },
      text: written.text,
      explicitToday: false,
      bareWeekday: false,
    };
  }
  return undefined;
}

/** "lo antes posible": the earliest the calendar allows, from now. */
const ASAP = anyOf([
  'lo antes posible|lo mas pronto posible|lo mas pronto|cuanto antes|lo mas temprano posible|ya mismo',
  'hoy mismo si se puede|la primera (?:cita|hora) (?:disponible|libre)|lo primero que tenga',
  'lo que tenga (?:mas pronto|primero)',
]);

export function resolveTimeEs(text: string, now: number, tz: string): ResolvedTime | undefined {
  const t = prepareEs(text);
  if (!t) return undefined;
  const pod = partOfDay(t);
  // "mañana" after "la"/"esta"/"de" is the morning; what remains of it is tomorrow.
  const days = t.replace(/\b(?:(?:en|por|de) la manana|esta manana|la manana|en la mananita)\b/g, ' ');
  const clock = findClock(t, pod);
  const nowLocal = utcToZoned(now, tz);
  const today: Day = { year: nowLocal.year, month: nowLocal.month, day: nowLocal.day };
  let dated = findDay(squash(days), text, today, now, tz);
  const week = addDays(today, 7);
  const laterToday = clock && zonedToUtc({ ...today, hour: clock.hour, minute: clock.minute }, tz).getTime() > now;
  if (dated?.bareWeekday && dated.date.day === week.day && dated.date.month === week.month && laterToday) {
    // "el lunes a las 3" said on a Monday morning is today at 3.
    dated = { ...dated, date: today };
  }
  const texts: string[] = [];
  let date: Day;
  if (dated) {
    date = dated.date;
    texts.push(dated.text);
  } else if (clock) date = today;
  else {
    const asap = ASAP.exec(t);
    if (asap) return { start: new Date(now).toISOString(), hasTime: false, text: asap[0] };
    if (!pod) return undefined;
    date = today;
  }
  if (clock) texts.push(clock.text);
  else if (pod) texts.push({ morning: 'en la mañana', afternoon: 'en la tarde', evening: 'en la noche' }[pod]);
  const hour = clock ? clock.hour : pod ? PART_HOURS[pod] : 9;
  const minute = clock ? clock.minute : 0;
  let start = zonedToUtc({ ...date, hour, minute }, tz);
  // A time today that has already passed means the next day ("a las 9" said at 10).
  const namedToday = /\b(hoy|esta (?:tarde|noche|manana))\b/.test(t) || dated?.explicitToday === true;
  if (start.getTime() <= now && !dated && !namedToday) start = zonedToUtc({ ...addDays(date, 1), hour, minute }, tz);
  return {
    start: start.toISOString(),
    hasTime: Boolean(clock),
    ...(pod && !clock ? { partOfDay: pod } : {}),
    text: texts.join(' '),
  };
}
