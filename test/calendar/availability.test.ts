// Availability over the embedded calendar (a real SQLite database): bookings made through the
// provider block time with the org's buffer, cancelled and moved events free it, other orgs do
// not interfere, and refusals come with the nearest alternatives — across the spring DST change.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { checkAvailability } from '../../src/booking/availability.ts';
import type { CalendarOrg, CalendarProvider } from '../../src/providers/calendar/types.ts';
import type { OrgSettings } from '../../src/templates/types.ts';

const z = (iso: string) => new Date(iso);
const starts = (r: { alternatives: Array<{ start: Date }> }) =>
  r.alternatives.map((a) => a.start.toISOString().replace('.000Z', 'Z'));

let db: DbHandle;
let cal: CalendarProvider;
let org: CalendarOrg;
let other: CalendarOrg;
let settings: OrgSettings;

beforeEach(async () => {
  db = await openDb({ url: ':memory:' });
  cal = createLocalCalendar(db.db);
  const a = await createOrganization(db.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: '+15125550100',
    timezone: 'America/Chicago',
  });
  const b = await createOrganization(db.db, {
    template: 'hvac',
    name: 'Other Air',
    phoneNumber: '+15125550101',
    timezone: 'America/Chicago',
  });
  org = { id: a.id, timezone: a.timezone, settings: {} };
  other = { id: b.id, timezone: b.timezone, settings: {} };
  // HVAC template: weekdays 8–17, Saturday 9–13, Sunday closed, 30-minute buffer.
  settings = resolveSettings('hvac', {});
});
afterEach(() => db.close());

// Monday 2026-03-02, 7:00 CST.
const NOW = Date.parse('2026-03-02T13:00:00Z');

describe('availability over the local calendar', () => {
  test('the template hours and buffer are what the checks use', () => {
    expect(settings.bufferMinutes).toBe(30);
    expect(settings.businessHours.sun).toEqual([]);
    expect(settings.businessHours.mon).toEqual([{ open: '08:00', close: '17:00' }]);
  });

  test('an empty calendar accepts a time in hours', async () => {
    expect(await checkAvailability(cal, org, settings, z('2026-03-02T16:00:00Z'), 60, { now: NOW })).toEqual({
      free: true,
      alternatives: [],
    });
  });

  test('a booking blocks its time plus the buffer, and alternatives keep clear of it', async () => {
    // 10:00–11:30 CST.
    await cal.createEvent(org, {
      id: 'b1',
      start: z('2026-03-02T16:00:00Z'),
      end: z('2026-03-02T17:30:00Z'),
      title: 'Furnace repair',
    });
    const busy = await checkAvailability(cal, org, settings, z('2026-03-02T16:30:00Z'), 60, { now: NOW });
    expect(busy.free).toBe(false);
    expect(busy.reason).toBe('busy');
    // 9:00 would end 10:00, inside the 30-minute buffer; 8:30 ends 9:30 exactly at it.
    expect((await checkAvailability(cal, org, settings, z('2026-03-02T15:00:00Z'), 60, { now: NOW })).reason).toBe(
      'busy',
    );
    expect((await checkAvailability(cal, org, settings, z('2026-03-02T14:30:00Z'), 60, { now: NOW })).free).toBe(true);
    // 12:00 is the first start after 11:30 + 30 minutes.
    expect((await checkAvailability(cal, org, settings, z('2026-03-02T18:00:00Z'), 60, { now: NOW })).free).toBe(true);
    expect(starts(busy)).toEqual(['2026-03-02T14:30:00Z', '2026-03-02T18:00:00Z', '2026-03-02T19:00:00Z']);
    for (const a of busy.alternatives) {
      expect(
        a.end.getTime() <= Date.parse('2026-03-02T15:30:00Z') ||
          a.start.getTime() >= Date.parse('2026-03-02T18:00:00Z'),
      ).toBe(true);
    }
  });

  test('another org’s bookings do not block this one', async () => {
    await cal.createEvent(other, {
      id: 'o1',
      start: z('2026-03-02T16:00:00Z'),
      end: z('2026-03-02T17:00:00Z'),
      title: 'Theirs',
    });
    expect((await checkAvailability(cal, org, settings, z('2026-03-02T16:00:00Z'), 60, { now: NOW })).free).toBe(true);
    expect((await checkAvailability(cal, other, settings, z('2026-03-02T16:00:00Z'), 60, { now: NOW })).free).toBe(
      false,
    );
  });

  test('cancelling frees the time; moving frees the old time and blocks the new one', async () => {
    const { id } = await cal.createEvent(org, {
      start: z('2026-03-03T15:00:00Z'),
      end: z('2026-03-03T16:00:00Z'),
      title: 'Tune-up',
    });
    expect((await checkAvailability(cal, org, settings, z('2026-03-03T15:00:00Z'), 60, { now: NOW })).free).toBe(false);
    await cal.moveEvent(org, id, { start: z('2026-03-03T20:00:00Z'), end: z('2026-03-03T21:00:00Z') });
    expect((await checkAvailability(cal, org, settings, z('2026-03-03T15:00:00Z'), 60, { now: NOW })).free).toBe(true);
    expect((await checkAvailability(cal, org, settings, z('2026-03-03T20:00:00Z'), 60, { now: NOW })).free).toBe(false);
    await cal.cancelEvent(org, id);
    expect((await checkAvailability(cal, org, settings, z('2026-03-03T20:00:00Z'), 60, { now: NOW })).free).toBe(true);
  });

  test('creating the same booking id twice keeps one event', async () => {
    await cal.createEvent(org, {
      id: 'same',
      start: z('2026-03-03T15:00:00Z'),
      end: z('2026-03-03T16:00:00Z'),
      title: 'A',
    });
    await cal.createEvent(org, {
      id: 'same',
      start: z('2026-03-03T15:00:00Z'),
      end: z('2026-03-03T16:00:00Z'),
      title: 'A',
    });
    expect(await cal.freeBusy(org, { start: z('2026-03-03T00:00:00Z'), end: z('2026-03-04T00:00:00Z') })).toEqual([
      { start: z('2026-03-03T15:00:00Z'), end: z('2026-03-03T16:00:00Z') },
    ]);
  });

  test('too soon is "past"; Sunday is "closed"; alternatives start after the lead time', async () => {
    // Now 7:00; the lead time is 30 minutes, so 7:20 is too soon even before opening.
    const soon = await checkAvailability(cal, org, settings, z('2026-03-02T13:20:00Z'), 60, { now: NOW });
    expect(soon.reason).toBe('past');
    expect(starts(soon)[0]).toBe('2026-03-02T14:00:00Z');

    const sunday = await checkAvailability(cal, org, settings, z('2026-03-08T16:00:00Z'), 60, { now: NOW });
    expect(sunday.reason).toBe('closed');
    // Nearest after Sunday 10:00 is Monday — in daylight time now, so 8:00 CDT is 13:00Z.
    expect(starts(sunday)).toEqual(['2026-03-09T13:00:00Z', '2026-03-09T14:00:00Z', '2026-03-09T15:00:00Z']);
  });

  test('across the spring change a Monday 7:30 is before opening, and 8:00 CDT is offered', async () => {
    const now = Date.parse('2026-03-06T18:00:00Z'); // Friday noon CST
    const early = await checkAvailability(cal, org, settings, z('2026-03-09T12:30:00Z'), 60, { now, count: 2 });
    expect(early.reason).toBe('outside_hours');
    expect(starts(early)).toEqual(['2026-03-09T13:00:00Z', '2026-03-09T14:00:00Z']);
    // 14:00Z was 8:00 the Friday before; on Monday it is 9:00 and just as open.
    expect((await checkAvailability(cal, org, settings, z('2026-03-09T13:00:00Z'), 60, { now })).free).toBe(true);
    expect(
      (
        await checkAvailability(cal, org, settings, z('2026-03-06T13:00:00Z'), 60, {
          now: Date.parse('2026-03-05T12:00:00Z'),
        })
      ).reason,
    ).toBe('outside_hours');
  });

  test('a longer service needs a longer gap', async () => {
    await cal.createEvent(org, { start: z('2026-03-04T14:00:00Z'), end: z('2026-03-04T15:00:00Z'), title: 'A' }); // 8–9
    await cal.createEvent(org, { start: z('2026-03-04T18:00:00Z'), end: z('2026-03-04T19:00:00Z'), title: 'B' }); // 12–13
    // Between them: 9:30–11:30 is free once buffers are kept; a 2-hour job fits exactly, 2.5 hours does not.
    expect((await checkAvailability(cal, org, settings, z('2026-03-04T15:30:00Z'), 120, { now: NOW })).free).toBe(true);
    const long = await checkAvailability(cal, org, settings, z('2026-03-04T15:30:00Z'), 150, { now: NOW });
    expect(long.reason).toBe('busy');
    expect(starts(long)[0]).toBe('2026-03-04T19:30:00Z');
  });
});
