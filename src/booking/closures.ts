// Dates on which an organization's weekly hours do not apply: listed closures, special hours, and
// (opt-in) the US federal holidays. Pure: the slot finder asks it about each local date.
import type { DayClosure, SpecialHours } from '../templates/types.ts';
import { usFederalHolidayOn } from '../time/us-holidays.ts';

export type DayRule =
  | { closed: true; reason: string | null }
  | { closed: false; hours: Array<{ open: string; close: string }>; reason: string | null };

/** What the slot finder asks of a local date (YYYY-MM-DD): null means the weekly hours apply. */
export type DayRules = (date: string) => DayRule | null;

export interface ClosureSettings {
  closures?: DayClosure[];
  specialHours?: SpecialHours[];
  usFederalHolidays?: boolean;
}

/**
 * An explicit closure wins; then special hours (which also open a holiday); then the federal
 * holidays when the org observes them.
 */
export function dayRulesOf(s: ClosureSettings): DayRules | undefined {
  const closures = new Map((s.closures ?? []).map((c) => [c.date, c.reason ?? null]));
  const special = new Map<string, Array<{ open: string; close: string }>>();
  for (const h of s.specialHours ?? [])
    special.set(h.date, [...(special.get(h.date) ?? []), { open: h.open, close: h.close }]);
  if (closures.size === 0 && special.size === 0 && !s.usFederalHolidays) return undefined;
  return (date) => {
    if (closures.has(date)) return { closed: true, reason: closures.get(date) ?? null };
    const hours = special.get(date);
    if (hours) return { closed: false, hours, reason: null };
    if (s.usFederalHolidays) {
      const h = usFederalHolidayOn(date);
      if (h) return { closed: true, reason: h.name };
    }
    return null;
  };
}
