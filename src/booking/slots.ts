// Pure slot finding over business hours (local wall time in the org's zone) and busy ranges.
import type { BusinessHours } from '../templates/types.ts';
import type { TimeRange } from '../providers/calendar/types.ts';
import { localDayAt, parseHm, utcToZoned } from '../time/zoned.ts';
import type { DayRules } from './closures.ts';

export interface SlotQuery {
  hours: BusinessHours;
  timezone: string;
  busy: TimeRange[];
  durationMinutes: number;
  bufferMinutes: number;
  from: Date;
  to: Date;
  stepMinutes?: number;
  limit?: number;
  /** Nothing starts before this (now plus a lead time). */
  notBefore?: Date;
  /** Closed dates and special hours that replace the weekly hours. */
  days?: DayRules;
}

export type SlotRefusal = 'closed' | 'outside_hours' | 'busy' | 'past';

const MIN = 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(d: Date, tz: string): string {
  const z = utcToZoned(d, tz);
  return `${z.year}-${pad(z.month)}-${pad(z.day)}`;
}

/** Business-hours windows (as instants) for every local day overlapping [from, to). */
export function openWindows(hours: BusinessHours, tz: string, from: Date, to: Date, days?: DayRules): TimeRange[] {
  const out: TimeRange[] = [];
  for (let n = -1; ; n++) {
    const dayStart = localDayAt(from, n, 0, tz);
    if (dayStart.getTime() >= to.getTime()) break;
    const noon = localDayAt(from, n, 12 * 60, tz);
    const rule = days?.(localDate(noon, tz));
    const windows = rule ? (rule.closed ? [] : rule.hours) : (hours[utcToZoned(noon, tz).weekday] ?? []);
    for (const w of windows) {
      const start = localDayAt(from, n, parseHm(w.open), tz);
      const end = localDayAt(from, n, parseHm(w.close), tz);
      if (end > from && start < to && end > start) out.push({ start, end });
    }
    if (n > 400) break;
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function overlapsBusy(start: number, end: number, busy: TimeRange[], bufferMs: number): boolean {
  for (const b of busy) if (start < b.end.getTime() + bufferMs && end > b.start.getTime() - bufferMs) return true;
  return false;
}

export function findFreeSlots(q: SlotQuery): TimeRange[] {
  const step = (q.stepMinutes ?? 30) * MIN;
  const dur = q.durationMinutes * MIN;
  const buffer = q.bufferMinutes * MIN;
  const limit = q.limit ?? Number.POSITIVE_INFINITY;
  const earliest = Math.max(q.from.getTime(), q.notBefore?.getTime() ?? 0);
  const out: TimeRange[] = [];
  for (const w of openWindows(q.hours, q.timezone, q.from, q.to, q.days)) {
    // Slots start on step boundaries counted from the window's opening time.
    for (let s = w.start.getTime(); s + dur <= w.end.getTime(); s += step) {
      if (s < earliest || s >= q.to.getTime()) continue;
      if (overlapsBusy(s, s + dur, q.busy, buffer)) continue;
      out.push({ start: new Date(s), end: new Date(s + dur) });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export function checkSlot(
  q: Omit<SlotQuery, 'from' | 'to'> & { start: Date },
): { free: true } | { free: false; reason: SlotRefusal; closedFor?: string | null } {
  const s = q.start.getTime();
  const e = s + q.durationMinutes * MIN;
  if (q.notBefore && s < q.notBefore.getTime()) return { free: false, reason: 'past' };
  const day = openWindows(q.hours, q.timezone, new Date(s - 12 * 60 * MIN), new Date(s + 12 * 60 * MIN), q.days);
  const sameDay = day.filter((w) => utcToZoned(w.start, q.timezone).day === utcToZoned(q.start, q.timezone).day);
  if (sameDay.length === 0) {
    // A dated closure says why (a holiday's name); a weekly closed day carries no reason.
    const rule = q.days?.(localDate(q.start, q.timezone));
    return rule?.closed ? { free: false, reason: 'closed', closedFor: rule.reason } : { free: false, reason: 'closed' };
  }
  if (!sameDay.some((w) => s >= w.start.getTime() && e <= w.end.getTime())) {
    return { free: false, reason: 'outside_hours' };
  }
  if (overlapsBusy(s, e, q.busy, q.bufferMinutes * MIN)) return { free: false, reason: 'busy' };
  return { free: true };
}

/** The free slots nearest the requested time: same day first, then the following days. */
export function nearestAlternatives(
  q: Omit<SlotQuery, 'from' | 'to'> & { requested: Date; count: number; horizonDays?: number },
): TimeRange[] {
  const r = q.requested.getTime();
  const dayOf = (d: Date) => {
    const z = utcToZoned(d, q.timezone);
    return `${z.year}-${z.month}-${z.day}`;
  };
  const requestedDay = dayOf(q.requested);
  const from = new Date(Math.max(r - 12 * 60 * MIN, q.notBefore?.getTime() ?? 0));
  const to = new Date(r + (q.horizonDays ?? 14) * 24 * 60 * MIN);
  const slots = findFreeSlots({ ...q, from, to });
  const distance = (s: TimeRange) => Math.abs(s.start.getTime() - r);
  const sameDay = slots.filter((s) => dayOf(s.start) === requestedDay).sort((a, b) => distance(a) - distance(b));
  const later = slots.filter((s) => dayOf(s.start) !== requestedDay && s.start.getTime() > r);
  // Offer distinct-looking options: not two slots 30 minutes apart when others exist.
  const picked: TimeRange[] = [];
  for (const s of [...sameDay, ...later]) {
    if (picked.length >= q.count) break;
    if (picked.some((p) => Math.abs(p.start.getTime() - s.start.getTime()) < 60 * MIN)) continue;
    picked.push(s);
  }
  return picked.sort((a, b) => a.start.getTime() - b.start.getTime());
}
