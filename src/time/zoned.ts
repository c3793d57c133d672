// Wall-clock time in an IANA zone ↔ instants, with the built-in Intl API (no tz database of our own).
// Nonexistent local times (spring forward) move forward by the gap; ambiguous ones (fall back)
// take the earlier instant.
import type { Weekday } from '../templates/types.ts';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

export interface ZonedParts extends Required<LocalParts> {
  weekday: Weekday;
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function utcToZoned(date: Date | number, tz: string): ZonedParts {
  const d = typeof date === 'number' ? new Date(date) : date;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const year = p.year!;
  const month = p.month!;
  const day = p.day!;
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return { year, month, day, hour: p.hour! % 24, minute: p.minute!, second: p.second!, weekday };
}

/** Offset of the zone from UTC at an instant, in minutes (e.g. −360 for CST). */
export function offsetMinutes(date: Date | number, tz: string): number {
  const d = typeof date === 'number' ? date : date.getTime();
  const z = utcToZoned(d, tz);
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
  return Math.round((asUtc - Math.floor(d / 1000) * 1000) / 60_000);
}

export function zonedToUtc(parts: LocalParts, tz: string): Date {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second ?? 0);
  // Try the offsets in force around that wall time; pick the earliest instant that shows it.
  const candidates = new Set([
    offsetMinutes(wall - 36e5 * 14, tz),
    offsetMinutes(wall, tz),
    offsetMinutes(wall + 36e5 * 14, tz),
  ]);
  const exact: number[] = [];
  for (const off of candidates) {
    const t = wall - off * 60_000;
    const z = utcToZoned(t, tz);
    if (
      z.year === parts.year &&
      z.month === parts.month &&
      z.day === parts.day &&
      z.hour === parts.hour &&
      z.minute === parts.minute
    )
      exact.push(t);
  }
  if (exact.length > 0) return new Date(Math.min(...exact));
  // In a gap: the wall time does not exist; use the offset from before the gap (moves forward).
  const before = offsetMinutes(wall - 36e5 * 3, tz);
  return new Date(wall - before * 60_000);
}

/** Midnight (local) of the day containing `date`. */
export function startOfLocalDay(date: Date | number, tz: string): Date {
  const z = utcToZoned(date, tz);
  return zonedToUtc({ year: z.year, month: z.month, day: z.day, hour: 0, minute: 0 }, tz);
}

/** Same local wall time, n calendar days later. */
export function addLocalDays(date: Date | number, n: number, tz: string): Date {
  const z = utcToZoned(date, tz);
  const d = new Date(Date.UTC(z.year, z.month - 1, z.day + n));
  return zonedToUtc(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: z.hour, minute: z.minute },
    tz,
  );
}

/** "HH:MM" → minutes after midnight. */
export function parseHm(hm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hm.trim());
  if (!m) throw new Error(`bad time of day: ${hm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The local calendar date of `date` plus `n` days, as parts at a given minute of the day. */
export function localDayAt(date: Date | number, n: number, minuteOfDay: number, tz: string): Date {
  const z = utcToZoned(date, tz);
  const d = new Date(Date.UTC(z.year, z.month - 1, z.day + n));
  return zonedToUtc(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: Math.floor(minuteOfDay / 60),
      minute: minuteOfDay % 60,
    },
    tz,
  );
}

/** "2026-11-26T13:00": the wall-clock minute of an instant in a zone (no offset). */
export function localWallTime(instant: Date | number, tz: string): string {
  const z = utcToZoned(instant, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${z.year}-${p(z.month)}-${p(z.day)}T${p(z.hour)}:${p(z.minute)}`;
}
