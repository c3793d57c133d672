// "Is this time free for this service, and if not, what is nearest?" over any calendar provider.
import type { OrgSettings } from '../templates/types.ts';
import type { CalendarOrg, CalendarProvider } from '../providers/calendar/types.ts';
import { checkSlot, nearestAlternatives } from './slots.ts';
import { dayRulesOf } from './closures.ts';
import type { Availability } from './types.ts';

const DAY = 24 * 3600_000;

export async function checkAvailability(
  provider: CalendarProvider,
  org: CalendarOrg,
  settings: OrgSettings,
  requested: Date,
  durationMinutes: number,
  opts: { now: number; count?: number; signal?: AbortSignal },
): Promise<Availability> {
  const horizon = Math.min(settings.bookingHorizonDays, 21);
  const range = {
    start: new Date(Math.min(requested.getTime(), opts.now) - DAY),
    end: new Date(requested.getTime() + horizon * DAY),
  };
  const busy = await provider.freeBusy(org, range, opts.signal);
  const days = dayRulesOf(settings);
  const base = {
    ...(days ? { days } : {}),
    hours: settings.businessHours,
    timezone: org.timezone,
    busy,
    durationMinutes,
    bufferMinutes: settings.bufferMinutes,
    notBefore: new Date(opts.now + 30 * 60_000),
  };
  const verdict = checkSlot({ ...base, start: requested });
  if (verdict.free) return { free: true, alternatives: [] };
  return {
    free: false,
    reason: verdict.reason,
    ...(verdict.closedFor !== undefined ? { closedFor: verdict.closedFor } : {}),
    alternatives: nearestAlternatives({ ...base, requested, count: opts.count ?? 3, horizonDays: horizon }),
  };
}
