// "Sorry, we're closed on Thursday, November 26th for Thanksgiving Day": the reply when the date
// asked for is a dated closure, followed by the next openings.
import { DAYS, MONTHS, ordinal } from '../time/render-time.ts';
import { utcToZoned } from '../time/zoned.ts';
import { dynamicPhrase } from './phrases.ts';
import type { SayAction } from './types.ts';

/** "Thursday, November 26th" in the org's zone. */
export function renderDay(iso: string, tz: string): string {
  const z = utcToZoned(new Date(iso), tz);
  return `${DAYS[z.weekday]}, ${MONTHS[z.month - 1]} ${ordinal(z.day)}`;
}

export function closedDayPhrase(asked: string, tz: string, reason: string | null, options: string): SayAction {
  return dynamicPhrase('closedDay', { day: renderDay(asked, tz), reason, options });
}
