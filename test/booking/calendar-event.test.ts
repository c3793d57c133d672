// The one calendar event built for a booking: at call time and by the sync alike.
import { describe, expect, test } from 'bun:test';
import { calendarEventFor } from '../../src/booking/event.ts';
import { resolveSettings } from '../../src/templates/index.ts';

const booking = {
  id: '0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
  service: 'Root canal',
  customerName: 'Dana Reyes',
  customerPhone: '+15125550123',
  start: new Date('2026-11-26T19:00:00Z'),
  durationMinutes: 90,
  details: { stylist: 'Ana', vehicle: '', notes: 'left molar hurts' },
};

describe('the calendar event of a booking', () => {
  test('outside HIPAA mode: the service, the caller and the details', () => {
    const settings = resolveSettings('salon', {});
    expect(settings.flags.hipaaMode).not.toBe(true);
    expect(calendarEventFor(settings, booking)).toEqual({
      id: '0f8e2a4c1b3d4e5f8a9b0c1d2e3f4a5b',
      start: new Date('2026-11-26T19:00:00Z'),
      end: new Date('2026-11-26T20:30:00Z'),
      title: 'Root canal – Dana Reyes',
      description: 'Booked by phone for Dana Reyes (+15125550123).\nstylist: Ana\nnotes: left molar hurts',
    });
  });

  test('in HIPAA mode: who and when only, no treatment and no details', () => {
    const settings = resolveSettings('dental', { flags: { hipaaMode: true } });
    const e = calendarEventFor(settings, booking);
    expect(e.title).toBe('Appointment – Dana Reyes');
    expect(e.description).toBe('Booked by phone for Dana Reyes (+15125550123).');
    expect(JSON.stringify(e)).not.toContain('Root canal');
    expect(JSON.stringify(e)).not.toContain('molar');
    expect(e.id).toBe('0f8e2a4c1b3d4e5f8a9b0c1d2e3f4a5b');
    expect(e.end).toEqual(new Date('2026-11-26T20:30:00Z'));
  });

  test('a booking without a phone says so by leaving it out', () => {
    const e = calendarEventFor(resolveSettings('hvac', {}), { ...booking, customerPhone: null, details: {} });
    expect(e.description).toBe('Booked by phone for Dana Reyes.');
  });

  test('the job address is the location; other intake answers are listed; neither in HIPAA mode', () => {
    const job = {
      ...booking,
      details: {},
      address: '12 Oak Street',
      intake: { address: '12 Oak Street', pets: 'yes' },
    };
    const e = calendarEventFor(resolveSettings('hvac', {}), job);
    expect(e.location).toBe('12 Oak Street');
    expect(e.description).toBe('Booked by phone for Dana Reyes (+15125550123).\npets: yes');
    const h = calendarEventFor(resolveSettings('dental', { flags: { hipaaMode: true } }), {
      ...job,
      intake: { patientStatus: 'returning', dateOfBirth: '1985-03-04' },
    });
    expect(h.location).toBeUndefined();
    expect(JSON.stringify(h)).not.toContain('1985');
  });
});
