// The embedded calendar: busy time stored in the same database (calendar_events).
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { calendarEvents } from '../../db/schema.ts';
import type { CalendarOrg, CalendarProvider, NewCalendarEvent, TimeRange } from './types.ts';

export function createLocalCalendar(db: Db): CalendarProvider {
  return {
    name: 'local',
    async freeBusy(org: CalendarOrg, range: TimeRange): Promise<TimeRange[]> {
      const rows = await db
        .select({ start: calendarEvents.startAt, end: calendarEvents.endAt })
        .from(calendarEvents)
        .where(
          and(
            eq(calendarEvents.orgId, org.id),
            isNull(calendarEvents.cancelledAt),
            lt(calendarEvents.startAt, range.end),
            gt(calendarEvents.endAt, range.start),
          ),
        );
      return rows.map((r) => ({ start: r.start, end: r.end })).sort((a, b) => a.start.getTime() - b.start.getTime());
    },
    async createEvent(org: CalendarOrg, event: NewCalendarEvent): Promise<{ id: string }> {
      const id = event.id ?? randomUUID();
      await db
        .insert(calendarEvents)
        .values({
          id,
          orgId: org.id,
          startAt: event.start,
          endAt: event.end,
          title: event.title,
          description: event.description ?? null,
          location: event.location ?? null,
        })
        .onConflictDoNothing();
      return { id };
    },
    async moveEvent(org: CalendarOrg, eventId: string, range: TimeRange): Promise<void> {
      await db
        .update(calendarEvents)
        .set({ startAt: range.start, endAt: range.end })
        .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.orgId, org.id)));
    },
    async cancelEvent(org: CalendarOrg, eventId: string): Promise<void> {
      await db
        .update(calendarEvents)
        .set({ cancelledAt: new Date() })
        .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.orgId, org.id)));
    },
  };
}
