// Matching what a caller said against offered times, in the org's zone.
import type { ResolvedTime } from '../nlu/types.ts';
import { utcToZoned, zonedToUtc } from '../time/zoned.ts';

const DAY_WORDS =
  /\b(today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|next|this|week|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}(st|nd|rd|th)|\d{1,2}\/\d{1,2})\b/i;
/** The same in Spanish (the resolver's text is folded: "sabado", "manana"); "de la mañana" is a part of day. */
const DAY_WORDS_ES =
  /\b(hoy|(?<!de la )manana|pasado|lunes|martes|miercoles|jueves|viernes|sabado|domingo|proximo|semana|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|el \d{1,2})\b/i;
const namesDay = (text: string) => DAY_WORDS.test(text) || DAY_WORDS_ES.test(text);

/** "11 works" (an hour, no day) names the offer at 11 in the org's zone, whatever day the NLU assumed. */
export function sameClockTime(offeredIso: string, said: ResolvedTime, tz: string): boolean {
  if (!said.hasTime || namesDay(said.text)) return false;
  const a = utcToZoned(new Date(offeredIso), tz);
  const b = utcToZoned(new Date(said.start), tz);
  return a.hour === b.hour && a.minute === b.minute;
}

/**
 * A correction that names only a clock time ("no, make it 5 pm") keeps the day already chosen;
 * the NLU resolved it against today, which is not what the caller meant.
 */
export function keepDayOfPrevious(previous: ResolvedTime | undefined, said: ResolvedTime, tz: string): ResolvedTime {
  // A date written out (the LLM's "2026-11-27T15:00") names its day too.
  if (!previous || !said.hasTime || namesDay(said.text) || /\d{4}-\d{2}-\d{2}/.test(said.text)) return said;
  const day = utcToZoned(new Date(previous.start), tz);
  const clock = utcToZoned(new Date(said.start), tz);
  const start = zonedToUtc(
    { year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute },
    tz,
  );
  return { ...said, start: start.toISOString() };
}

/**
 * A correction that names only a day ("make it Thursday") keeps the clock time already chosen;
 * the NLU put it at the start of the day, which is not what the caller meant.
 */
export function keepClockOfPrevious(previous: ResolvedTime | undefined, said: ResolvedTime, tz: string): ResolvedTime {
  if (!previous?.hasTime || said.hasTime || said.partOfDay || !namesDay(said.text)) return said;
  const day = utcToZoned(new Date(said.start), tz);
  const clock = utcToZoned(new Date(previous.start), tz);
  const start = zonedToUtc(
    { year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute },
    tz,
  );
  return { ...said, start: start.toISOString(), hasTime: true };
}
