// Cancelling or moving a booking needs proof the booking is the caller's: their caller ID is its
// phone, or they name it and give the last four digits of its phone number. Until then nothing
// about any booking is said; a caller who cannot prove it leaves a message for the business.
import { describe, expect, test } from 'bun:test';
import type { DialogueAction, DialogueEvent, FoundBooking } from '../../src/dialogue/types.ts';
import type { ChangeVerification } from '../../src/templates/types.ts';
import { context, find, no, nlu, run, saidIds, saidText, utter, yes } from './reducer-helpers.ts';

const start: DialogueEvent = { type: 'callStarted' };
const cancel = utter('I need to cancel my appointment', nlu('cancel'));
const resched = utter('I need to move my appointment', nlu('reschedule'));
const emily = utter('Emily Chen', nlu('unknown', { name: 'Emily Chen' }));
const digits = (d: string) => utter(d, nlu('unknown', { lastFour: d }));
const found = (bookings: FoundBooking[]): DialogueEvent => ({ type: 'bookingsFound', bookings });
const keys = (d: string): DialogueEvent[] => [...d].map((digit) => ({ type: 'dtmf', digit }));
const emilys: FoundBooking = {
  id: 'e1',
  customerName: 'Emily Chen',
  service: 'Cleaning',
  start: '2026-11-30T16:00:00.000Z',
  durationMinutes: 60,
};

const policy = (p: ChangeVerification, callerPhone: string | null = '+15125550123') =>
  context('dental', { changeVerification: p }, callerPhone);
const dental = policy('caller_id_or_digits');
const anonymous = policy('caller_id_or_digits', null);

/** Everything the caller heard, for "no detail of the booking was said". */
const heard = (actions: DialogueAction[]) => saidText(actions).toLowerCase();
const findings = (actions: DialogueAction[]) => actions.filter((a) => a.type === 'findBookings');

describe('a caller whose number is not on the booking', () => {
  /** Up to the digits question: nothing under the caller's number, then a name. */
  const toDigits = [start, cancel, found([]), emily];

  test('is asked for the last four digits before any lookup by the name', () => {
    const r = run(dental, toDigits);
    expect(r.state.phase).toBe('verifyDigits');
    expect(r.state.expecting).toBe('digits');
    expect(saidIds(r.last)).toEqual(['askLastFour']);
    // The only lookup so far was the caller's own number.
    expect(findings(r.all)).toEqual([{ type: 'findBookings', by: 'callerId' }]);
  });

  test('a name in the first words still waits for the digits', () => {
    const r = run(anonymous, [start, utter('cancel for Emily Chen', nlu('cancel', { name: 'Emily Chen' }))]);
    expect(saidIds(r.last)).toEqual(['askLastFour']);
    expect(findings(r.all)).toEqual([]);
  });

  test('the right digits find the booking; it is read back only then, and "yes" cancels it', () => {
    const r = run(dental, [...toDigits, digits('9999')]);
    expect(r.last).toEqual([{ type: 'findBookings', by: 'nameAndDigits', name: 'Emily Chen', lastFour: '9999' }]);
    expect(heard(r.all)).not.toContain('cleaning');
    const f = run(dental, [found([emilys])], r.state);
    expect(f.state.phase).toBe('confirmCancel');
    expect(saidText(f.last)).toContain('cleaning');
    const c = run(dental, [yes], f.state);
    expect(c.last).toEqual([{ type: 'cancel', bookingId: 'e1' }]);
  });

  test('keyed digits are collected silently, four of them make the lookup; * starts over', () => {
    const r = run(dental, [...toDigits, ...keys('12')]);
    expect(r.last).toEqual([]);
    expect(r.state.digits).toBe('12');
    // Keypad letters are not digits of a phone number.
    expect(run(dental, [{ type: 'dtmf', digit: 'A' }], r.state).state.digits).toBe('12');
    const again = run(dental, [{ type: 'dtmf', digit: '*' }, ...keys('999')], r.state);
    expect(again.last).toEqual([]);
    const done = run(dental, keys('9'), again.state);
    expect(done.last).toEqual([{ type: 'findBookings', by: 'nameAndDigits', name: 'Emily Chen', lastFour: '9999' }]);
  });

  test('wrong digits twice: a message for the business, the booking untouched, nothing about it said', () => {
    const first = run(dental, [...toDigits, digits('1234'), found([])]);
    expect(saidIds(first.last)).toEqual(['noMatchLastFour']);
    expect(first.state.phase).toBe('verifyDigits');
    const second = run(dental, [digits('4321'), found([])], first.state);
    expect(saidIds(second.last)).toEqual(['changeByMessage', 'anythingElse']);
    const note = find(second.last, 'notifyBusiness');
    expect(note).toMatchObject({ urgent: false });
    expect(note!.body).toContain('cancel');
    expect(note!.body).toContain('Emily Chen');
    expect(note!.body).toContain('+15125550123');
    const end = run(dental, [no], second.state);
    expect(end.state.outcome).toBe('callback');
    const all = [...first.all, ...second.all, ...end.all];
    expect(find(all, 'cancel')).toBeUndefined();
    for (const detail of ['cleaning', 'november', '10 am', 'monday']) expect(heard(all)).not.toContain(detail);
  });

  test('"no booking" and "wrong digits" sound the same, and both sound like the question before', () => {
    // Nothing is looked up by the name alone, so a name with no booking cannot be told apart.
    const known = run(dental, toDigits);
    const nobody = utter('Nobody Atall', nlu('unknown', { name: 'Nobody Atall' }));
    const unknown = run(dental, [start, cancel, found([]), nobody]);
    expect(saidText(unknown.last)).toBe(saidText(known.last));
  });

  test('unclear answers and # count as failures; two end in the message', () => {
    const r = run(dental, [...toDigits, utter('hmm', nlu('unknown', {}, 0.2))]);
    expect(saidIds(r.last)).toEqual(['askLastFourAgain']);
    const h = run(
      dental,
      [
        { type: 'dtmf', digit: '3' },
        { type: 'dtmf', digit: '#' },
      ],
      r.state,
    );
    expect(saidIds(h.last)).toEqual(['changeByMessage', 'anythingElse']);
  });

  test('"I don\'t have them" goes straight to the message', () => {
    const r = run(dental, [...toDigits, utter("no I don't know it", nlu('unknown', { yesNo: 'no' }))]);
    expect(saidIds(r.last)).toEqual(['changeByMessage', 'anythingElse']);
  });

  test('failures count for the whole call: starting over goes straight to the message', () => {
    const r = run(dental, [...toDigits, digits('1234'), found([]), digits('4321'), found([])]);
    const retry = run(dental, [cancel, found([]), emily], r.state);
    expect(saidIds(retry.last)).toEqual(['changeByMessage', 'anythingElse']);
    expect(findings(retry.all).filter((f) => f.by === 'nameAndDigits')).toEqual([]);
  });

  test('a reschedule by name needs the digits too, and its message says reschedule', () => {
    const r = run(dental, [start, resched, found([]), emily, digits('1111'), found([]), digits('2222'), found([])]);
    expect(find(r.all, 'reschedule')).toBeUndefined();
    expect(find(r.all, 'notifyBusiness')!.body).toContain('reschedule');
    expect(heard(r.all)).not.toContain('cleaning');
  });

  test("several people on the caller's number, and a name that is none of them: the digits are asked", () => {
    const luis: FoundBooking = { ...emilys, id: 'l1', customerName: 'Luis Gonzalez' };
    const maria: FoundBooking = { ...emilys, id: 'm1', customerName: 'Maria Gonzalez' };
    const r = run(dental, [start, cancel, found([luis, maria]), emily]);
    expect(saidIds(r.last)).toEqual(['askLastFour']);
    expect(r.state.found).toEqual([]);
  });
});

describe('a caller whose number is on the booking (caller ID)', () => {
  test('is not asked for digits under the default policy', () => {
    const r = run(dental, [start, cancel, found([emilys])]);
    expect(r.state.phase).toBe('confirmCancel');
    expect(run(dental, [yes], r.state).last).toEqual([{ type: 'cancel', bookingId: 'e1' }]);
  });
});

describe('org policies', () => {
  test('caller_id_only: a caller ID match may cancel; a name becomes a message without digits', () => {
    const org = policy('caller_id_only');
    expect(run(org, [start, cancel, found([emilys])]).state.phase).toBe('confirmCancel');
    const r = run(org, [start, cancel, found([]), emily]);
    expect(saidIds(r.last)).toEqual(['changeByMessage', 'anythingElse']);
    expect(findings(r.all)).toEqual([{ type: 'findBookings', by: 'callerId' }]);
  });

  test('message_only: nothing is looked up, even by caller ID; the name is taken for the message', () => {
    const org = policy('message_only');
    const r = run(org, [start, cancel]);
    expect(saidIds(r.last)).toEqual(['whatNameForBooking']);
    const m = run(org, [emily], r.state);
    expect(saidIds(m.last)).toEqual(['changeByMessage', 'anythingElse']);
    expect(find(m.last, 'notifyBusiness')!.body).toContain('Emily Chen');
    expect(findings([...r.all, ...m.all])).toEqual([]);
    const named = run(org, [start, utter('cancel for Emily Chen', nlu('cancel', { name: 'Emily Chen' }))]);
    expect(saidIds(named.last)).toEqual(['changeByMessage', 'anythingElse']);
  });

  test('a policy the product does not know fails closed, as message_only', () => {
    const org = context('dental', { changeVerification: 'anyone' as ChangeVerification });
    const r = run(org, [start, cancel]);
    expect(findings(r.all)).toEqual([]);
    expect(saidIds(r.last)).toEqual(['whatNameForBooking']);
  });
});
