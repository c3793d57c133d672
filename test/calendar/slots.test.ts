// Slot finding over business hours in the org's zone: weekday hours, closed weekends, split days,
// bookings with buffers, service lengths, zones around the world, and the two DST change days of
// 2026 in America/Chicago (spring forward 03-08, fall back 11-01). Expected instants are written
// out in UTC by hand so the zone arithmetic is checked, not repeated.
import { describe, expect, test } from 'bun:test';
import { checkSlot, findFreeSlots, nearestAlternatives, openWindows, type SlotQuery } from '../../src/booking/slots.ts';
import type { BusinessHours } from '../../src/templates/types.ts';
import type { TimeRange } from '../../src/providers/calendar/types.ts';

const CHI = 'America/Chicago';
const z = (iso: string) => new Date(iso);
const starts = (slots: TimeRange[]) => slots.map((s) => s.start.toISOString().replace('.000Z', 'Z'));
const span = (a: string, b: string): TimeRange => ({ start: z(a), end: z(b) });

const CLOSED: BusinessHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
/** Weekdays 8–17, Saturday 9–13, Sunday closed. */
const SHOP: BusinessHours = {
  ...CLOSED,
  mon: [{ open: '08:00', close: '17:00' }],
  tue: [{ open: '08:00', close: '17:00' }],
  wed: [{ open: '08:00', close: '17:00' }],
  thu: [{ open: '08:00', close: '17:00' }],
  fri: [{ open: '08:00', close: '17:00' }],
  sat: [{ open: '09:00', close: '13:00' }],
};

function query(over: Partial<SlotQuery>): SlotQuery {
  return {
    hours: SHOP,
    timezone: CHI,
    busy: [],
    durationMinutes: 60,
    bufferMinutes: 0,
    from: z('2026-03-02T06:00:00Z'),
    to: z('2026-03-03T06:00:00Z'),
    ...over,
  };
}

/** Half-hour starts from a to b inclusive, as UTC ISO strings. */
function every30(a: string, b: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(a); t <= Date.parse(b); t += 30 * 60_000)
    out.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  return out;
}

describe('open windows', () => {
  test('a week in Chicago (CST): weekdays 8–17, Saturday 9–13, Sunday closed', () => {
    // Monday 2026-03-02 00:00 CST → Monday 2026-03-09 00:00 CDT.
    const w = openWindows(SHOP, CHI, z('2026-03-02T06:00:00Z'), z('2026-03-09T05:00:00Z'));
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-03-02T14:00:00.000Z', '2026-03-02T23:00:00.000Z'],
      ['2026-03-03T14:00:00.000Z', '2026-03-03T23:00:00.000Z'],
      ['2026-03-04T14:00:00.000Z', '2026-03-04T23:00:00.000Z'],
      ['2026-03-05T14:00:00.000Z', '2026-03-05T23:00:00.000Z'],
      ['2026-03-06T14:00:00.000Z', '2026-03-06T23:00:00.000Z'],
      ['2026-03-07T15:00:00.000Z', '2026-03-07T19:00:00.000Z'],
    ]);
  });

  test('the weekday is the local one, even where the local date differs from UTC', () => {
    const mondayOnly: BusinessHours = { ...CLOSED, mon: [{ open: '09:00', close: '17:00' }] };
    const from = z('2026-02-28T00:00:00Z');
    const to = z('2026-03-04T00:00:00Z');
    const first = (tz: string) =>
      openWindows(mondayOnly, tz, from, to).map((r) => [r.start.toISOString(), r.end.toISOString()]);
    expect(first('America/New_York')).toEqual([['2026-03-02T14:00:00.000Z', '2026-03-02T22:00:00.000Z']]);
    expect(first('America/Los_Angeles')).toEqual([['2026-03-02T17:00:00.000Z', '2026-03-03T01:00:00.000Z']]);
    expect(first('Asia/Kolkata')).toEqual([['2026-03-02T03:30:00.000Z', '2026-03-02T11:30:00.000Z']]);
    // Monday morning in Sydney (AEDT, +11) is Sunday evening in UTC.
    expect(first('Australia/Sydney')).toEqual([['2026-03-01T22:00:00.000Z', '2026-03-02T06:00:00.000Z']]);
    expect(first('UTC')).toEqual([['2026-03-02T09:00:00.000Z', '2026-03-02T17:00:00.000Z']]);
  });
});

describe('free slots', () => {
  test('an empty weekday offers every half hour that fits a one-hour job', () => {
    const slots = findFreeSlots(query({}));
    expect(starts(slots)).toEqual(every30('2026-03-02T14:00:00Z', '2026-03-02T22:00:00Z'));
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 3_600_000)).toBe(true);
    expect(slots.at(-1)!.end.toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });

  test('service length decides the last start of the day', () => {
    expect(starts(findFreeSlots(query({ durationMinutes: 30 }))).at(-1)).toBe('2026-03-02T22:30:00Z');
    expect(starts(findFreeSlots(query({ durationMinutes: 90 }))).at(-1)).toBe('2026-03-02T21:30:00Z');
    // A full-day job fits only at opening.
    expect(starts(findFreeSlots(query({ durationMinutes: 9 * 60 })))).toEqual(['2026-03-02T14:00:00Z']);
    expect(findFreeSlots(query({ durationMinutes: 9 * 60 + 30 }))).toEqual([]);
    // Saturday's four hours fit five two-hour starts.
    expect(
      starts(
        findFreeSlots(query({ durationMinutes: 120, from: z('2026-03-07T06:00:00Z'), to: z('2026-03-08T06:00:00Z') })),
      ),
    ).toEqual(every30('2026-03-07T15:00:00Z', '2026-03-07T17:00:00Z'));
  });

  test('Sunday is closed; Saturday only has its short hours', () => {
    expect(findFreeSlots(query({ from: z('2026-03-01T06:00:00Z'), to: z('2026-03-02T06:00:00Z') }))).toEqual([]);
    const weekend = findFreeSlots(query({ from: z('2026-03-07T06:00:00Z'), to: z('2026-03-09T05:00:00Z') }));
    expect(starts(weekend)).toEqual(every30('2026-03-07T15:00:00Z', '2026-03-07T18:00:00Z'));
  });

  test('a booking blocks its own time; touching slots stay free without a buffer', () => {
    // Booked 10:00–11:00 CST.
    const slots = starts(findFreeSlots(query({ busy: [span('2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z')] })));
    expect(slots).toContain('2026-03-02T15:00:00Z'); // 9:00–10:00 ends as it starts
    expect(slots).toContain('2026-03-02T17:00:00Z'); // 11:00 starts as it ends
    for (const t of ['2026-03-02T15:30:00Z', '2026-03-02T16:00:00Z', '2026-03-02T16:30:00Z'])
      expect(slots).not.toContain(t);
    expect(slots).toHaveLength(17 - 3);
  });

  test('the buffer keeps travel time clear on both sides of a booking', () => {
    // Booked 10:00–11:00 CST with a 15-minute buffer: nothing may end after 9:45 or start before 11:15.
    const slots = starts(
      findFreeSlots(query({ bufferMinutes: 15, busy: [span('2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z')] })),
    );
    expect(slots.slice(0, 3)).toEqual(['2026-03-02T14:00:00Z', '2026-03-02T14:30:00Z', '2026-03-02T17:30:00Z']);
    for (const t of ['2026-03-02T15:00:00Z', '2026-03-02T17:00:00Z']) expect(slots).not.toContain(t);
  });

  test('bookings outside business hours (an owner’s own event) still take their overlap', () => {
    // 16:30–18:00 CST: only slots ending by 16:30 survive the afternoon.
    const slots = starts(findFreeSlots(query({ busy: [span('2026-03-02T22:30:00Z', '2026-03-03T00:00:00Z')] })));
    expect(slots.at(-1)).toBe('2026-03-02T21:30:00Z');
  });

  test('a lunch break splits the day', () => {
    const split: BusinessHours = {
      ...CLOSED,
      mon: [
        { open: '08:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
    };
    const slots = starts(findFreeSlots(query({ hours: split })));
    expect(slots).toEqual([
      ...every30('2026-03-02T14:00:00Z', '2026-03-02T17:00:00Z'),
      ...every30('2026-03-02T19:00:00Z', '2026-03-02T22:00:00Z'),
    ]);
  });

  test('nothing before notBefore, and the limit stops the search', () => {
    const slots = findFreeSlots(
      query({ notBefore: z('2026-03-02T18:10:00Z'), limit: 3, to: z('2026-03-05T06:00:00Z') }),
    );
    expect(starts(slots)).toEqual(['2026-03-02T18:30:00Z', '2026-03-02T19:00:00Z', '2026-03-02T19:30:00Z']);
    // Late in the day the search rolls into tomorrow.
    expect(
      starts(findFreeSlots(query({ notBefore: z('2026-03-02T22:01:00Z'), limit: 2, to: z('2026-03-05T06:00:00Z') }))),
    ).toEqual(['2026-03-03T14:00:00Z', '2026-03-03T14:30:00Z']);
  });

  test('an hourly step gives on-the-hour starts', () => {
    expect(
      starts(findFreeSlots(query({ stepMinutes: 60, hours: { ...CLOSED, mon: [{ open: '13:00', close: '17:00' }] } }))),
    ).toEqual(['2026-03-02T19:00:00Z', '2026-03-02T20:00:00Z', '2026-03-02T21:00:00Z', '2026-03-02T22:00:00Z']);
  });
});

describe('DST in America/Chicago', () => {
  test('the weekend clocks spring forward, Friday opens at 14:00Z and Monday at 13:00Z', () => {
    const w = openWindows(SHOP, CHI, z('2026-03-06T06:00:00Z'), z('2026-03-10T05:00:00Z'));
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-03-06T14:00:00.000Z', '2026-03-06T23:00:00.000Z'],
      ['2026-03-07T15:00:00.000Z', '2026-03-07T19:00:00.000Z'],
      ['2026-03-09T13:00:00.000Z', '2026-03-09T22:00:00.000Z'],
    ]);
    // Still nine hours of eight-to-five, so still 17 one-hour starts on Monday.
    expect(findFreeSlots(query({ from: z('2026-03-09T05:00:00Z'), to: z('2026-03-10T05:00:00Z') }))).toHaveLength(17);
  });

  test('spring-forward day: 1:00–5:00 is only three hours and 2:xx never appears', () => {
    const night: BusinessHours = { ...CLOSED, sun: [{ open: '01:00', close: '05:00' }] };
    const day = { from: z('2026-03-08T06:00:00Z'), to: z('2026-03-09T05:00:00Z') };
    const w = openWindows(night, CHI, day.from, day.to);
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-03-08T07:00:00.000Z', '2026-03-08T10:00:00.000Z'],
    ]);
    // 1:00 CST, 3:00 CDT, 4:00 CDT.
    expect(starts(findFreeSlots(query({ hours: night, stepMinutes: 60, ...day })))).toEqual([
      '2026-03-08T07:00:00Z',
      '2026-03-08T08:00:00Z',
      '2026-03-08T09:00:00Z',
    ]);
  });

  test('spring-forward day: an opening time inside the gap moves forward by the gap', () => {
    const late: BusinessHours = { ...CLOSED, sun: [{ open: '02:30', close: '06:00' }] };
    const w = openWindows(late, CHI, z('2026-03-08T06:00:00Z'), z('2026-03-09T05:00:00Z'));
    // 02:30 does not exist; it is read as 03:30 CDT.
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-03-08T08:30:00.000Z', '2026-03-08T11:00:00.000Z'],
    ]);
  });

  test('fall-back day: 0:00–4:00 is five hours and 1:00 comes twice', () => {
    const night: BusinessHours = { ...CLOSED, sun: [{ open: '00:00', close: '04:00' }] };
    const day = { from: z('2026-11-01T05:00:00Z'), to: z('2026-11-02T06:00:00Z') };
    const w = openWindows(night, CHI, day.from, day.to);
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-11-01T05:00:00.000Z', '2026-11-01T10:00:00.000Z'],
    ]);
    // 0:00 CDT, 1:00 CDT, 1:00 CST, 2:00 CST, 3:00 CST.
    expect(starts(findFreeSlots(query({ hours: night, stepMinutes: 60, ...day })))).toEqual([
      '2026-11-01T05:00:00Z',
      '2026-11-01T06:00:00Z',
      '2026-11-01T07:00:00Z',
      '2026-11-01T08:00:00Z',
      '2026-11-01T09:00:00Z',
    ]);
    // A booking over the repeated hour (1:00 CDT → 1:00 CST → 2:00 CST) blocks exactly that time.
    expect(
      starts(
        findFreeSlots(
          query({
            hours: night,
            stepMinutes: 60,
            ...day,
            busy: [span('2026-11-01T06:00:00Z', '2026-11-01T08:00:00Z')],
          }),
        ),
      ),
    ).toEqual(['2026-11-01T05:00:00Z', '2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z']);
  });

  test('open around the clock: the spring-forward day has 23 hours and the fall-back day 25', () => {
    const allDay: BusinessHours = { ...CLOSED, sun: [{ open: '00:00', close: '24:00' }] };
    const spring = openWindows(allDay, CHI, z('2026-03-08T06:00:00Z'), z('2026-03-09T05:00:00Z'));
    expect(spring.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z'],
    ]);
    const fall = openWindows(allDay, CHI, z('2026-11-01T05:00:00Z'), z('2026-11-02T06:00:00Z'));
    expect(fall.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z'],
    ]);
    expect(
      findFreeSlots(
        query({ hours: allDay, stepMinutes: 60, from: z('2026-03-08T06:00:00Z'), to: z('2026-03-09T05:00:00Z') }),
      ),
    ).toHaveLength(23);
    expect(
      findFreeSlots(
        query({ hours: allDay, stepMinutes: 60, from: z('2026-11-01T05:00:00Z'), to: z('2026-11-02T06:00:00Z') }),
      ),
    ).toHaveLength(25);
  });

  test('around fall back, Friday opens at 13:00Z and Monday at 14:00Z', () => {
    const w = openWindows(SHOP, CHI, z('2026-10-30T05:00:00Z'), z('2026-11-03T06:00:00Z'));
    expect(w.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-10-30T13:00:00.000Z', '2026-10-30T22:00:00.000Z'],
      ['2026-10-31T14:00:00.000Z', '2026-10-31T18:00:00.000Z'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T23:00:00.000Z'],
    ]);
  });

  test('checking a slot on the DST days uses that day’s real length', () => {
    const night: BusinessHours = { ...CLOSED, sun: [{ open: '01:00', close: '05:00' }] };
    const base = { hours: night, timezone: CHI, busy: [], durationMinutes: 60, bufferMinutes: 0 };
    expect(checkSlot({ ...base, start: z('2026-03-08T09:00:00Z') })).toEqual({ free: true }); // 4:00–5:00 CDT
    expect(checkSlot({ ...base, start: z('2026-03-08T09:30:00Z') })).toEqual({ free: false, reason: 'outside_hours' }); // would end 5:30
    expect(checkSlot({ ...base, start: z('2026-11-01T09:00:00Z') })).toEqual({ free: true }); // 3:00 CST, 2nd 1:00 passed
    const fallNight: BusinessHours = { ...CLOSED, sun: [{ open: '00:00', close: '04:00' }] };
    expect(checkSlot({ ...base, hours: fallNight, durationMinutes: 300, start: z('2026-11-01T05:00:00Z') })).toEqual({
      free: true,
    });
    expect(checkSlot({ ...base, hours: fallNight, durationMinutes: 301, start: z('2026-11-01T05:00:00Z') })).toEqual({
      free: false,
      reason: 'outside_hours',
    });
  });
});

describe('checking one time', () => {
  const base = {
    hours: SHOP,
    timezone: CHI,
    busy: [span('2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z')],
    durationMinutes: 60,
    bufferMinutes: 15,
  };

  test('free, closed, outside hours, busy and past', () => {
    expect(checkSlot({ ...base, start: z('2026-03-02T19:00:00Z') })).toEqual({ free: true });
    expect(checkSlot({ ...base, start: z('2026-03-08T16:00:00Z') })).toEqual({ free: false, reason: 'closed' });
    expect(checkSlot({ ...base, start: z('2026-03-02T13:30:00Z') })).toEqual({ free: false, reason: 'outside_hours' }); // 7:30
    expect(checkSlot({ ...base, start: z('2026-03-02T22:30:00Z') })).toEqual({ free: false, reason: 'outside_hours' }); // ends 17:30
    expect(checkSlot({ ...base, start: z('2026-03-07T18:30:00Z') })).toEqual({ free: false, reason: 'outside_hours' }); // Sat ends 13:30
    expect(checkSlot({ ...base, start: z('2026-03-02T16:30:00Z') })).toEqual({ free: false, reason: 'busy' });
    expect(checkSlot({ ...base, start: z('2026-03-02T17:00:00Z') })).toEqual({ free: false, reason: 'busy' }); // inside the buffer
    expect(checkSlot({ ...base, start: z('2026-03-02T17:15:00Z') })).toEqual({ free: true });
    expect(checkSlot({ ...base, start: z('2026-03-02T19:00:00Z'), notBefore: z('2026-03-02T19:30:00Z') })).toEqual({
      free: false,
      reason: 'past',
    });
  });

  test('a late-evening time in Chicago is judged on its local day, not the UTC one', () => {
    // Monday 16:00 CST is already Tuesday in UTC.
    const open = { ...base, busy: [], hours: { ...SHOP, mon: [{ open: '08:00', close: '20:00' }] } };
    expect(checkSlot({ ...open, start: z('2026-03-03T01:00:00Z') })).toEqual({ free: true }); // Mon 19:00–20:00
    expect(checkSlot({ ...open, start: z('2026-03-03T02:00:00Z') })).toEqual({ free: false, reason: 'outside_hours' }); // Mon 20:00
  });
});

describe('nearest alternatives', () => {
  const base = { hours: SHOP, timezone: CHI, durationMinutes: 60, bufferMinutes: 0, count: 3 };

  test('same day first, nearest the asked time, at least an hour apart, in time order', () => {
    // Busy 9:00–14:00 CST; asked for 11:00.
    const alts = nearestAlternatives({
      ...base,
      busy: [span('2026-03-02T15:00:00Z', '2026-03-02T20:00:00Z')],
      requested: z('2026-03-02T17:00:00Z'),
      notBefore: z('2026-03-01T00:00:00Z'),
    });
    expect(starts(alts)).toEqual(['2026-03-02T14:00:00Z', '2026-03-02T20:00:00Z', '2026-03-02T21:00:00Z']);
  });

  test('a full day moves to the next open day, skipping Sunday', () => {
    // Friday and Saturday fully booked: Monday (after the DST change) comes next.
    const busy = [
      span('2026-03-06T14:00:00Z', '2026-03-06T23:00:00Z'),
      span('2026-03-07T15:00:00Z', '2026-03-07T19:00:00Z'),
    ];
    const alts = nearestAlternatives({
      ...base,
      busy,
      requested: z('2026-03-06T16:00:00Z'),
      notBefore: z('2026-03-06T12:00:00Z'),
    });
    expect(starts(alts)).toEqual(['2026-03-09T13:00:00Z', '2026-03-09T14:00:00Z', '2026-03-09T15:00:00Z']);
  });

  test('a full Friday offers Saturday’s short morning', () => {
    const alts = nearestAlternatives({
      ...base,
      busy: [span('2026-03-06T14:00:00Z', '2026-03-06T23:00:00Z')],
      requested: z('2026-03-06T16:00:00Z'),
      notBefore: z('2026-03-06T12:00:00Z'),
    });
    expect(starts(alts)).toEqual(['2026-03-07T15:00:00Z', '2026-03-07T16:00:00Z', '2026-03-07T17:00:00Z']);
  });

  test('nothing in the past is offered, and the horizon bounds the search', () => {
    const alts = nearestAlternatives({
      ...base,
      busy: [],
      requested: z('2026-03-02T15:00:00Z'),
      notBefore: z('2026-03-02T20:40:00Z'),
    });
    expect(alts.every((a) => a.start.getTime() >= Date.parse('2026-03-02T20:40:00Z'))).toBe(true);
    expect(starts(alts)[0]).toBe('2026-03-02T21:00:00Z');
    expect(
      nearestAlternatives({ ...base, hours: CLOSED, busy: [], requested: z('2026-03-02T15:00:00Z'), horizonDays: 14 }),
    ).toEqual([]);
  });
});
