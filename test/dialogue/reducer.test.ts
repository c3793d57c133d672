import { describe, expect, test } from 'bun:test';
import { initialState, reduce } from '../../src/dialogue/reducer.ts';
import { fixedPhrases } from '../../src/dialogue/phrases.ts';
import type {
  DialogueContext,
  DialogueEvent,
  DialogueState,
  FoundBooking,
  Phase,
  SayAction,
} from '../../src/dialogue/types.ts';
import type { Expectation } from '../../src/nlu/types.ts';
import { at, context, find, mumble, no, nlu, run, saidIds, saidText, types, utter, yes } from './reducer-helpers.ts';

// The booking core without the intake questions; test/dialogue/intake.test.ts covers those.
const hvac = context('hvac', { intake: [] });
const start: DialogueEvent = { type: 'callStarted' };
const furnace = utter('my furnace is banging', nlu('booking', { service: 'Heating Repair' }));
const maria = utter('Maria Gonzalez', nlu('unknown', { name: 'Maria Gonzalez' }));
const thu1 = at('2026-11-26T13:00:00-06:00', true, 'thursday at 1 pm');
const thursday = utter('Thursday at 1 pm', nlu('booking', { time: thu1 }));
const free: DialogueEvent = { type: 'availabilityResult', free: true, alternatives: [] };

/** An HVAC call up to the read-back of Heating Repair, Thursday 1 PM, Maria Gonzalez. */
const toConfirm = [start, furnace, maria, thursday, free];

describe('greeting and intent', () => {
  test('the call opens with the org greeting naming the business and listens for an intent', () => {
    const r = run(hvac, [start]);
    expect(saidIds(r.last)).toEqual(['greeting']);
    expect(saidText(r.last)).toContain('Polar Air');
    expect(r.state.phase).toBe('intent');
    expect(r.state.expecting).toBe('intent');
  });

  test('the recording notice follows the greeting when the org asks for it', () => {
    const r = run(context('hvac', { recordingNotice: true }), [start]);
    expect(saidIds(r.last)).toEqual(['greeting', 'recordingNotice']);
  });

  test('an unclear first utterance is re-asked differently, then a callback is offered', () => {
    const r1 = run(hvac, [start, mumble]);
    expect(saidIds(r1.last)).toEqual(['askIntentAgain']);
    const r2 = run(hvac, [mumble], r1.state);
    expect(r2.state.phase).toBe('callbackOffer');
    expect(saidIds(r2.last)).toEqual(['offerCallback']);
  });

  test('asking for a person offers a callback', () => {
    const r = run(hvac, [start, utter('can I talk to a real person', nlu('complex', { wantsHuman: true }))]);
    expect(r.state.phase).toBe('callbackOffer');
    expect(r.state.expecting).toBe('callback');
  });
});

describe('booking: collecting slots', () => {
  test.each([
    // [what the caller said first, slots it carries, the question that follows]
    ['I need a repair', {}, 'askService', 'service'],
    ['my furnace is banging', { service: 'Heating Repair' }, 'askName', 'name'],
    ['furnace repair, this is Maria', { service: 'Heating Repair', name: 'Maria' }, 'askTime', 'time'],
  ] as const)('"%s" asks only for what is missing', (text, slots, question, expecting) => {
    const r = run(hvac, [start, utter(text, nlu('booking', { ...slots }))]);
    expect(saidIds(r.last)).toEqual([question]);
    expect(r.state.phase).toBe('collect');
    expect(r.state.expecting).toBe(expecting);
  });

  test('a full HVAC booking reads back service, day, time and name, then books and asks anything else', () => {
    const checking = run(hvac, [start, furnace, maria, thursday]);
    expect(checking.state.phase).toBe('checkingAvailability');
    // No filler of its own: an instant answer needs none, a slow one gets the call's turn filler.
    expect(saidIds(checking.last)).toEqual([]);
    expect(find(checking.last, 'checkAvailability')).toEqual({
      type: 'checkAvailability',
      service: 'Heating Repair',
      start: '2026-11-26T19:00:00.000Z',
      durationMinutes: 90,
    });
    expect(types(checking.last)).toEqual(['checkAvailability']);

    const confirm = run(hvac, [free], checking.state);
    expect(confirm.state.phase).toBe('confirm');
    expect(confirm.state.expecting).toBe('confirm');
    expect(saidText(confirm.last)).toBe(
      'I can put you down for a heating repair on Thursday, November 26th at 1 PM, under the name Maria Gonzalez. Should I go ahead?',
    );

    const booking = run(hvac, [yes], confirm.state);
    expect(booking.state.phase).toBe('booking');
    expect(booking.last).toEqual([
      {
        type: 'book',
        customerName: 'Maria Gonzalez',
        customerPhone: '+15125550123',
        service: 'Heating Repair',
        start: '2026-11-26T19:00:00.000Z',
        durationMinutes: 90,
        details: {},
      },
    ]);

    const done = run(hvac, [{ type: 'bookingResult', ok: true, bookingId: 'b1' }], booking.state);
    expect(saidIds(done.last)).toEqual(['booked', 'anythingElse']);
    expect(saidText(done.last)).toContain('Thursday, November 26th at 1 PM');
    expect(done.state.bookingId).toBe('b1');
    expect(done.state.pendingOutcome).toBe('booked');
    expect(done.state.outcome).toBeNull();

    const bye = run(hvac, [no], done.state);
    expect(bye.state.phase).toBe('goodbye');
    expect(bye.state.outcome).toBe('booked');
    expect(bye.last.at(-1)).toEqual({ type: 'endCall', outcome: 'booked' });
    expect(saidText(bye.last)).toContain('Thanks for calling Polar Air');
  });

  test('several slots in one utterance skip every question already answered (automotive asks the vehicle only)', () => {
    const auto = context('automotive');
    const all = utter(
      "Oil change tomorrow at 9, it's Bob Lee",
      nlu('booking', { service: 'Oil Change', name: 'Bob Lee', time: at('2026-11-24T09:00:00-06:00') }),
    );
    const r = run(auto, [start, all]);
    expect(saidIds(r.last)).toEqual(['askVehicle']);
    expect(r.state.expecting).toBe('vehicle');
    const v = run(auto, [utter('a 2016 jeep wrangler', nlu('unknown', { vehicle: '2016 Jeep Wrangler' }))], r.state);
    expect(find(v.last, 'checkAvailability')?.durationMinutes).toBe(30);
    const c = run(auto, [free], v.state);
    expect(saidText(c.last)).toContain('an oil change for your 2016 Jeep Wrangler on Tuesday, November 24th at 9 AM');
    const b = run(auto, [yes], c.state);
    expect(find(b.last, 'book')?.details).toEqual({ vehicle: '2016 Jeep Wrangler' });
  });

  test('the vehicle is not asked when the org does not collect it', () => {
    const r = run(hvac, [start, furnace, maria, thursday]);
    expect(r.state.phase).toBe('checkingAvailability');
  });

  test('salon: the stylist is asked once the time is free; a named stylist is read back and stored', () => {
    const salon = context('salon');
    const r = run(salon, [
      start,
      utter('a haircut please', nlu('booking', { service: 'Haircut' })),
      utter('Fay Wu', nlu('unknown', { name: 'Fay Wu' })),
      utter('friday at 10', nlu('booking', { time: at('2026-11-27T10:00:00-06:00') })),
      free,
    ]);
    expect(saidText(r.last)).toBe('Do you have a preferred stylist, or is anyone fine?');
    expect(r.state.phase).toBe('intake');
    const j = run(salon, [utter('Jessica', nlu('unknown', { stylist: 'Jessica' }))], r.state);
    expect(saidText(j.last)).toContain('a haircut with Jessica on Friday, November 27th at 10 AM');
    const b = run(salon, [yes], j.state);
    expect(find(b.last, 'book')).toMatchObject({ details: {}, intake: { stylist: 'Jessica' } });
  });

  test.each([
    ['anyone is fine', { stylist: 'anyone' }],
    ['no, no preference', { yesNo: 'no' as const }],
  ])('salon: "%s" means any stylist, stored without one', (text, slots) => {
    const salon = context('salon');
    const r = run(salon, [
      start,
      utter(
        'haircut for Fay Wu friday at 10',
        nlu('booking', { service: 'Haircut', name: 'Fay Wu', time: at('2026-11-27T10:00:00-06:00') }),
      ),
      free,
      utter(text, nlu('unknown', slots)),
    ]);
    expect(r.state.phase).toBe('confirm');
    expect(saidText(r.last)).not.toContain(' with ');
    const b = run(salon, [yes], r.state);
    const booked = find(b.last, 'book');
    expect(booked?.details).toEqual({});
    expect(booked?.intake).toBeUndefined();
  });

  test('a slot that is not understood is re-asked with a different phrase, then a callback is offered', () => {
    const r1 = run(hvac, [start, furnace, mumble]);
    expect(saidIds(r1.last)).toEqual(['askNameAgain']);
    expect(r1.state.expecting).toBe('name');
    const r2 = run(hvac, [mumble], r1.state);
    expect(saidIds(r2.last)).toEqual(['offerCallback']);
    expect(r2.state.phase).toBe('callbackOffer');
  });

  test('"actually it\'s for AC" while collecting replaces the service', () => {
    const r = run(hvac, [start, furnace, utter("actually it's for the AC", nlu('booking', { service: 'AC Repair' }))]);
    expect(r.state.slots.service).toBe('AC Repair');
    expect(saidIds(r.last)).toEqual(['askName']);
  });

  test('a question mid-booking is answered and the open question asked again, without counting a failure', () => {
    const r = run(hvac, [start, furnace, utter('how much does it cost', nlu('inquiry', { topic: 'prices' }))]);
    // The price of the job in progress, not the whole price list.
    expect(saidIds(r.last)).toEqual(['price:0', 'askName']);
    expect(r.state.attempts).toBe(0);
  });
});

describe('confirm: corrections and the re-ask → keypad → callback ladder', () => {
  test('"no, Friday" during confirm updates the time and checks again', () => {
    const fri = at('2026-11-27T14:00:00-06:00', true, 'friday at 2 pm');
    const r = run(hvac, [...toConfirm, utter('no, friday at 2 pm', nlu('booking', { yesNo: 'no', time: fri }))]);
    expect(r.state.phase).toBe('checkingAvailability');
    expect(find(r.last, 'checkAvailability')?.start).toBe(fri.start);
  });

  test('"actually it\'s for maintenance" during confirm changes the service and re-checks its duration', () => {
    const r = run(hvac, [
      ...toConfirm,
      utter("actually it's for a tune up", nlu('booking', { service: 'Maintenance' })),
    ]);
    expect(find(r.last, 'checkAvailability')).toMatchObject({ service: 'Maintenance', durationMinutes: 60 });
  });

  test('a corrected name is read back again without a new calendar check', () => {
    const r = run(hvac, [
      ...toConfirm,
      utter("no, it's Marie Gonzalez", nlu('unknown', { yesNo: 'no', name: 'Marie Gonzalez' })),
    ]);
    expect(r.state.phase).toBe('confirm');
    expect(types(r.last)).toEqual(['say']);
    expect(saidText(r.last)).toContain('under the name Marie Gonzalez');
  });

  test('a bare "no" asks what to change; a new time then goes back to the calendar', () => {
    const r = run(hvac, [...toConfirm, no]);
    expect(saidIds(r.last)).toEqual(['whatToChange']);
    expect(r.state.phase).toBe('collect');
    const t = run(hvac, [utter('make it 3', nlu('unknown', { time: at('2026-11-26T15:00:00-06:00') }))], r.state);
    expect(t.state.phase).toBe('checkingAvailability');
  });

  test('unclear answers: rephrase, then "press 1 for yes, 2 for no", and the keypad books', () => {
    const r1 = run(hvac, [...toConfirm, mumble]);
    expect(saidIds(r1.last)).toEqual(['confirmAgain']);
    const r2 = run(hvac, [mumble], r1.state);
    expect(saidIds(r2.last)).toEqual(['dtmfYesNo']);
    expect(find(r2.last, 'expectDtmf')).toEqual({ type: 'expectDtmf', digits: ['1', '2'] });
    expect(r2.state.dtmf).toBe(true);
    const r3 = run(hvac, [{ type: 'dtmf', digit: '1' }], r2.state);
    expect(r3.state.phase).toBe('booking');
    expect(find(r3.last, 'book')).toBeDefined();
  });

  test('keypad 2 asks what to change', () => {
    const r = run(hvac, [...toConfirm, { type: 'dtmf', digit: '2' }]);
    expect(saidIds(r.last)).toEqual(['whatToChange']);
  });

  test('still unclear after the keypad prompt: a callback is offered, and "yes" notifies the business and ends', () => {
    const r = run(hvac, [...toConfirm, mumble, mumble, mumble]);
    expect(r.state.phase).toBe('callbackOffer');
    const cb = run(hvac, [yes], r.state);
    expect(find(cb.last, 'notifyBusiness')).toMatchObject({ urgent: false });
    expect(find(cb.last, 'notifyBusiness')?.body).toContain('+15125550123');
    expect(saidIds(cb.last)).toEqual(['callbackConfirmed']);
    expect(cb.last.at(-1)).toEqual({ type: 'endCall', outcome: 'callback' });
  });

  test('declining the callback keeps the booking in progress: back to the read-back', () => {
    const r = run(hvac, [...toConfirm, mumble, mumble, mumble, no]);
    expect(saidIds(r.last)).toEqual(['callbackDeclinedResume', 'confirmBooking']);
    expect(r.state.phase).toBe('confirm');
    expect(r.state.slots.name).toBe('Maria Gonzalez');
    expect(run(hvac, [yes], r.state).state.phase).toBe('booking');
  });

  test('"yes, go ahead and book it" to the callback offer books instead', () => {
    const person = utter('can I talk to a person', nlu('complex', { wantsHuman: true }));
    const r = run(hvac, [...toConfirm, person, utter('yes, go ahead and book it', nlu('booking', { yesNo: 'yes' }))]);
    expect(r.state.phase).toBe('booking');
    expect(types(r.last)).toEqual(['book']);
  });

  test('declining a callback with nothing in progress goes back to "anything else?"', () => {
    const r = run(hvac, [start, utter('a person please', nlu('complex', { wantsHuman: true })), no]);
    expect(saidIds(r.last)).toEqual(['callbackDeclined', 'anythingElse']);
    expect(r.state.phase).toBe('anythingElse');
  });

  test('an unanswerable callback question falls back to the keypad, then ends politely', () => {
    const r = run(hvac, [start, utter('a person please', nlu('complex', { wantsHuman: true })), mumble, mumble]);
    expect(saidIds(r.last)).toEqual(['dtmfYesNo']);
    const end = run(hvac, [mumble], r.state);
    expect(end.state.phase).toBe('goodbye');
    expect(end.last.at(-1)).toEqual({ type: 'endCall', outcome: 'hung_up' });
  });
});

describe('suggestAlternative: the asked time is taken', () => {
  const alts = ['2026-11-26T20:30:00.000Z', '2026-11-27T15:00:00.000Z', '2026-11-27T17:00:00.000Z'];
  const taken: DialogueEvent = { type: 'availabilityResult', free: false, alternatives: alts };
  const base = [start, furnace, maria, thursday, taken];

  test('the nearest free slots are offered by name of day and clock', () => {
    const r = run(hvac, base);
    expect(r.state.phase).toBe('suggestAlternative');
    expect(r.state.expecting).toBe('alternative');
    expect(r.state.offered).toEqual(alts);
    expect(saidText(r.last)).toBe(
      'Sorry, Thursday at 1 PM isn’t available. I can do Thursday at 2:30 PM, Friday at 9 AM or Friday at 11 AM. Which works best?',
    );
  });

  test('"the first one" goes to the read-back with that slot', () => {
    const r = run(hvac, [...base, utter('the first one', nlu('unknown', { choice: 0 }))]);
    expect(r.state.phase).toBe('confirm');
    expect(r.state.slots.time?.start).toBe(alts[0]);
    expect(saidText(r.last)).toContain('Thursday, November 26th at 2:30 PM');
  });

  test('"11 works" picks the offer at that clock time, whatever day the words resolved to', () => {
    const eleven = at('2026-11-24T11:00:00-06:00', true, '11 am');
    const r = run(hvac, [...base, utter('11 am works', nlu('unknown', { time: eleven }))]);
    expect(r.state.phase).toBe('confirm');
    expect(r.state.slots.time?.start).toBe(alts[2]);
  });

  test('a new time is checked again', () => {
    const mon = at('2026-11-30T10:00:00-06:00', true, 'monday at 10');
    const r = run(hvac, [...base, utter('how about monday at 10', nlu('booking', { time: mon }))]);
    expect(r.state.phase).toBe('checkingAvailability');
    expect(find(r.last, 'checkAvailability')?.start).toBe(mon.start);
  });

  test('keypad digits pick an offer by position', () => {
    const r = run(hvac, [...base, { type: 'dtmf', digit: '2' }]);
    expect(r.state.slots.time?.start).toBe(alts[1]);
  });

  test('"none of those" asks for another time; unclear twice offers a callback', () => {
    expect(saidIds(run(hvac, [...base, no]).last)).toEqual(['askTime']);
    const r = run(hvac, [...base, mumble]);
    expect(saidIds(r.last)).toEqual(['pickAlternativeAgain']);
    expect(run(hvac, [mumble], r.state).state.phase).toBe('callbackOffer');
  });

  test('with nothing free nearby, the caller is asked for another day', () => {
    const r = run(hvac, [
      start,
      furnace,
      maria,
      thursday,
      { type: 'availabilityResult', free: false, alternatives: [] },
    ]);
    expect(saidIds(r.last)).toEqual(['noAlternatives']);
    expect(r.state.expecting).toBe('time');
    expect(r.state.slots.time).toBeUndefined();
  });

  test('a day without an hour gets the options without "isn\'t available"', () => {
    const day = utter('thursday', nlu('booking', { time: at('2026-11-26T08:00:00-06:00', false, 'thursday') }));
    const r = run(hvac, [start, furnace, maria, day, taken]);
    expect(saidIds(r.last)).toEqual(['slotOptions']);
  });
});

describe('results of the booking write', () => {
  const confirmed = [...toConfirm, yes];

  test('a calendar that could not be written still keeps the booking and promises a text', () => {
    const r = run(hvac, [...confirmed, { type: 'bookingResult', ok: true, bookingId: 'b1', pendingSync: true }]);
    expect(saidIds(r.last)).toEqual(['pendingSync', 'anythingElse']);
    expect(r.state.pendingOutcome).toBe('booked');
  });

  test('a failed booking apologises and offers a callback', () => {
    const r = run(hvac, [...confirmed, { type: 'bookingResult', ok: false }]);
    expect(saidIds(r.last)).toEqual(['providerTrouble', 'offerCallback']);
  });

  test('an SMS confirmation is sent when the org has it on, and mentioned', () => {
    const sms = context('hvac', { smsConfirmation: true, intake: [] });
    const r = run(sms, [...confirmed, { type: 'bookingResult', ok: true, bookingId: 'b1' }]);
    expect(find(r.last, 'notifyCaller')?.body).toContain(
      'Heating Repair is booked for Thursday, November 26th at 1 PM',
    );
    expect(saidText(r.last)).toContain('We’ll text you a confirmation.');
  });

  test('no SMS without a caller number', () => {
    const sms = context('hvac', { smsConfirmation: true, intake: [] }, null);
    const r = run(sms, [...confirmed, { type: 'bookingResult', ok: true, bookingId: 'b1' }]);
    expect(find(r.last, 'notifyCaller')).toBeUndefined();
    expect(find(run(sms, confirmed).last, 'book')?.customerPhone).toBeUndefined();
  });

  test('the calendar cannot be read while checking: the booking is read back, taken down unverified and confirmed by text', () => {
    const r = run(hvac, [start, furnace, maria, thursday, { type: 'providerError' }]);
    expect(r.state.phase).toBe('confirm');
    expect(saidText(r.last)).toContain('Maria Gonzalez');
    const yesRun = run(hvac, [yes], r.state);
    expect(find(yesRun.last, 'book')).toMatchObject({ customerName: 'Maria Gonzalez', unverified: true });
    const done = run(hvac, [{ type: 'bookingResult', ok: true, bookingId: 'b1', pendingSync: true }], yesRun.state);
    expect(saidIds(done.last)).toContain('pendingSync');
    expect(done.state.pendingOutcome).toBe('booked');
  });

  test('a provider error outside a new booking (a reschedule check) apologises and offers a callback', () => {
    const r = run(hvac, [start, furnace, maria, thursday, { type: 'providerError' }], undefined);
    expect(r.state.unverified).toBe(true);
    const res = run(hvac, [{ type: 'providerError' }], {
      ...r.state,
      phase: 'checkingAvailability',
      goal: 'reschedule',
    });
    expect(saidIds(res.last)).toEqual(['providerTrouble', 'offerCallback']);
    expect(res.state.phase).toBe('callbackOffer');
  });

  test('speech while a check was pending (it was abandoned) applies what was said and checks again', () => {
    const r = run(hvac, [
      start,
      furnace,
      maria,
      thursday,
      utter('actually friday at 9', nlu('booking', { time: at('2026-11-27T09:00:00-06:00') })),
    ]);
    expect(r.state.phase).toBe('checkingAvailability');
    expect(find(r.last, 'checkAvailability')?.start).toBe('2026-11-27T15:00:00.000Z');
  });

  test('speech while the booking is being written changes nothing', () => {
    const r = run(hvac, [...confirmed, mumble]);
    expect(r.state.phase).toBe('booking');
    expect(r.last).toEqual([]);
  });
});

describe('emergencies and escalation', () => {
  test('HVAC gas smell: the business is notified urgently, the caller told to leave and call the gas company, and the call ends', () => {
    const r = run(hvac, [start, utter('I smell gas in my basement', nlu('emergency', { emergency: true }))]);
    const notify = find(r.last, 'notifyBusiness');
    expect(notify?.urgent).toBe(true);
    expect(notify?.body).toContain('I smell gas in my basement');
    expect(saidIds(r.last)).toEqual(['gasSafety', 'emergencyEscalated', 'goodbye']);
    expect(saidText(r.last)).toMatch(/leave the house.*gas company or 911/);
    expect(r.last[0]?.type).toBe('notifyBusiness');
    expect(r.last.at(-1)).toEqual({ type: 'endCall', outcome: 'escalated' });
  });

  test.each(['my heat is out and it is freezing', 'the basement is flooding'])(
    'HVAC "%s" escalates without gas advice',
    (text) => {
      const r = run(hvac, [start, utter(text, nlu('emergency', { emergency: true }))]);
      expect(saidIds(r.last)).toEqual(['emergencyEscalated', 'goodbye']);
      expect(r.state.outcome).toBe('escalated');
    },
  );

  test('an emergency mid-booking escalates at once', () => {
    const r = run(hvac, [start, furnace, utter('wait I smell gas now', nlu('emergency', { emergency: true }))]);
    expect(r.state.outcome).toBe('escalated');
  });

  test('dental pain books the emergency visit instead of escalating', () => {
    const dental = context('dental');
    const r = run(dental, [start, utter('I have a terrible toothache', nlu('emergency', { emergency: true }))]);
    expect(saidIds(r.last)).toEqual(['dentalUrgent', 'askName']);
    expect(r.state.slots.service).toBe('Emergency Visit');
    expect(find(r.all, 'notifyBusiness')).toBeUndefined();
  });
});

describe('inquiry', () => {
  test('hours are answered from the settings, then "anything else?"', () => {
    const r = run(hvac, [start, utter('what are your hours', nlu('inquiry', { topic: 'hours' }))]);
    expect(saidIds(r.last)).toEqual(['answerHours', 'anythingElse']);
    expect(saidText(r.last)).toContain('Monday to Friday, 8 AM to 5 PM');
    expect(r.state.pendingOutcome).toBe('answered');
  });

  test('a FAQ entry is answered by its keywords', () => {
    const dental = context('dental');
    const r = run(dental, [
      start,
      utter('do you take delta insurance', nlu('inquiry', { topic: 'do you take delta insurance' })),
    ]);
    expect(saidIds(r.last)).toEqual(['faq:0', 'anythingElse']);
    expect(saidText(r.last)).toContain('Delta Dental');
  });

  test('an open question the settings cannot answer is handed to the executor with a fallback', () => {
    const r = run(hvac, [
      start,
      utter('do you sell space heaters', nlu('inquiry', { topic: 'do you sell space heaters' })),
    ]);
    const q = find(r.last, 'answerQuestion');
    expect(q?.question).toBe('do you sell space heaters');
    expect(q?.fallback.phraseId).toBe('inquiryUnknown');
  });

  test('an inquiry flows into a booking, and the booking outcome wins', () => {
    const r = run(hvac, [
      start,
      utter('do you offer a warranty', nlu('inquiry', { topic: 'do you offer a warranty' })),
      utter("yes I'd like to book a heating repair", nlu('booking', { yesNo: 'yes', service: 'Heating Repair' })),
    ]);
    expect(saidIds(r.last)).toEqual(['askName']);
    const done = run(
      hvac,
      [maria, thursday, free, yes, { type: 'bookingResult', ok: true, bookingId: 'b' }, no],
      r.state,
    );
    expect(done.state.outcome).toBe('booked');
  });

  test('"yes" to anything else asks what; "no" ends with answered', () => {
    const asked = run(hvac, [start, utter('what are your hours', nlu('inquiry', { topic: 'hours' }))]);
    const y = run(hvac, [yes], asked.state);
    expect(saidIds(y.last)).toEqual(['anythingElseShort']);
    expect(y.state.phase).toBe('intent');
    const n = run(hvac, [no], asked.state);
    expect(n.state.outcome).toBe('answered');
  });

  test('unclear answers to anything else: asked again, then the keypad, and only then goodbye', () => {
    const asked = run(hvac, [start, utter('what are your hours', nlu('inquiry', { topic: 'hours' })), mumble]);
    expect(saidIds(asked.last)).toEqual(['anythingElseAgain']);
    const keypad = run(hvac, [mumble], asked.state);
    expect(saidIds(keypad.last)).toEqual(['anythingElseDtmf']);
    expect(keypad.state.outcome).toBeNull();
    expect(saidIds(run(hvac, [{ type: 'dtmf', digit: '1' }], keypad.state).last)).toEqual(['anythingElseShort']);
    expect(run(hvac, [{ type: 'dtmf', digit: '2' }], keypad.state).state.outcome).toBe('answered');
    expect(run(hvac, [mumble], keypad.state).state.outcome).toBe('answered');
  });

  test('"am I booked?" gets a direct answer at any step', () => {
    const status = (text: string) => utter(text, nlu('unknown'));
    const atReadBack = run(hvac, [...toConfirm, status('am I booked?')]);
    expect(saidIds(atReadBack.last)).toEqual(['statusNotYet', 'confirmBooking']);
    const booked = run(hvac, [
      ...toConfirm,
      yes,
      { type: 'bookingResult', ok: true, bookingId: 'b1' },
      status('wait, am I all set?'),
    ]);
    expect(saidIds(booked.last)).toEqual(['statusBooked', 'anythingElse']);
    expect(saidText(booked.last)).toContain('Yes, you’re booked: your heating repair on');
    // Nothing booked in this call: the caller's own bookings are looked up by caller ID.
    const look = run(hvac, [start, status('am I booked?')]);
    expect(look.last).toEqual([{ type: 'findBookings', by: 'callerId' }]);
    const b1: FoundBooking = {
      id: 'b1',
      customerName: 'Maria Gonzalez',
      service: 'Maintenance',
      start: '2026-11-30T15:00:00.000Z',
      durationMinutes: 60,
    };
    const found = run(hvac, [{ type: 'bookingsFound', bookings: [b1] }], look.state);
    expect(saidIds(found.last)).toEqual(['statusBooked', 'anythingElse']);
    expect(saidText(found.last)).toContain('your maintenance visit on Monday, November 30th at 9 AM');
    const none = run(hvac, [{ type: 'bookingsFound', bookings: [] }], look.state);
    expect(saidIds(none.last)).toEqual(['statusNoneFound']);
    expect(none.state.phase).toBe('intent');
    // Without caller ID nothing is looked up.
    expect(saidIds(run(context('hvac', {}, null), [start, status('am I booked?')]).last)).toEqual(['statusNone']);
  });

  test('a question at the read-back is answered and the read-back repeated', () => {
    const r = run(hvac, [...toConfirm, utter('how much is it?', nlu('inquiry', { topic: 'prices' }))]);
    expect(saidIds(r.last)).toEqual(['price:0', 'confirmBooking']);
    expect(r.state.phase).toBe('confirm');
    expect(r.state.attempts).toBe(0);
  });
});

describe('reschedule and cancel', () => {
  const booking = (
    id: string,
    name: string,
    service: string,
    startIso: string,
    durationMinutes = 90,
  ): FoundBooking => ({
    id,
    customerName: name,
    service,
    start: startIso,
    durationMinutes,
  });
  const b1 = booking('b1', 'Maria Gonzalez', 'Heating Repair', '2026-11-26T19:00:00.000Z');
  const b2 = booking('b2', 'Maria Gonzalez', 'Maintenance', '2026-11-30T15:00:00.000Z', 60);
  const b3 = booking('b3', 'Luis Gonzalez', 'AC Repair', '2026-12-01T15:00:00.000Z');
  const cancel = utter('I need to cancel my appointment', nlu('cancel'));
  const resched = utter('I need to reschedule', nlu('reschedule'));

  test('a cancel looks the caller up by phone', () => {
    const r = run(hvac, [start, cancel]);
    expect(r.state.phase).toBe('findingBooking');
    expect(r.last).toEqual([{ type: 'findBookings', by: 'callerId' }]);
  });

  test('no caller ID: the name is asked first', () => {
    const r = run(context('hvac', {}, null), [start, cancel]);
    expect(r.state.phase).toBe('askBookingName');
    expect(r.state.expecting).toBe('name');
  });

  test('one booking found: read back, "yes" cancels it, then anything else', () => {
    const r = run(hvac, [start, cancel, { type: 'bookingsFound', bookings: [b1] }]);
    expect(r.state.phase).toBe('confirmCancel');
    expect(saidText(r.last)).toBe(
      'I see your heating repair on Thursday, November 26th at 1 PM. Would you like me to cancel it?',
    );
    const c = run(hvac, [yes], r.state);
    expect(c.last).toEqual([{ type: 'cancel', bookingId: 'b1' }]);
    expect(c.state.phase).toBe('cancelling');
    const done = run(hvac, [{ type: 'cancelResult', ok: true }], c.state);
    expect(saidIds(done.last)).toEqual(['cancelled', 'anythingElse']);
    expect(run(hvac, [no], done.state).state.outcome).toBe('cancelled');
  });

  test('"no" keeps the booking', () => {
    const r = run(hvac, [start, cancel, { type: 'bookingsFound', bookings: [b1] }, no]);
    expect(saidIds(r.last)).toEqual(['keepBooking', 'anythingElse']);
    expect(find(r.all, 'cancel')).toBeUndefined();
  });

  test('a failed cancel apologises and offers a callback', () => {
    const r = run(hvac, [
      start,
      cancel,
      { type: 'bookingsFound', bookings: [b1] },
      yes,
      { type: 'cancelResult', ok: false },
    ]);
    expect(r.state.phase).toBe('callbackOffer');
  });

  test("none under the caller's number: the name is asked, then the digits, and only then is it searched", () => {
    const r = run(hvac, [start, cancel, { type: 'bookingsFound', bookings: [] }]);
    expect(saidIds(r.last)).toEqual(['noBookingFound']);
    expect(r.state.phase).toBe('askBookingName');
    const n = run(hvac, [utter('Emily Chen', nlu('unknown', { name: 'Emily Chen' }))], r.state);
    expect(find(n.last, 'findBookings')).toBeUndefined();
    expect(saidIds(n.last)).toEqual(['askLastFour']);
    const d = run(hvac, [utter('five five one two', nlu('unknown', { lastFour: '5512' }))], n.state);
    expect(d.last).toEqual([{ type: 'findBookings', by: 'nameAndDigits', name: 'Emily Chen', lastFour: '5512' }]);
  });

  test('several people on one number: the name narrows it to one', () => {
    const r = run(hvac, [start, cancel, { type: 'bookingsFound', bookings: [b1, b3] }]);
    expect(saidIds(r.last)).toEqual(['askBookingName']);
    const l = run(hvac, [utter('Luis', nlu('unknown', { name: 'Luis' }))], r.state);
    expect(l.state.target?.id).toBe('b3');
    expect(l.state.phase).toBe('confirmCancel');
  });

  test('several bookings of one person: listed, and "the second one" picks it', () => {
    const r = run(hvac, [start, resched, { type: 'bookingsFound', bookings: [b1, b2] }]);
    expect(r.state.phase).toBe('pickBooking');
    expect(saidText(r.last)).toBe(
      'I see a few appointments: the heating repair on Thursday at 1 PM or the maintenance visit on Monday at 9 AM. Which one is it?',
    );
    const p = run(hvac, [utter('the second one', nlu('unknown', { choice: 1 }))], r.state);
    expect(p.state.target?.id).toBe('b2');
    expect(p.state.phase).toBe('rescheduleTime');
  });

  test('a booking can be picked by its service', () => {
    const r = run(hvac, [
      start,
      resched,
      { type: 'bookingsFound', bookings: [b1, b2] },
      utter('the tune up', nlu('booking', { service: 'Maintenance' })),
    ]);
    expect(r.state.target?.id).toBe('b2');
  });

  test("reschedule: new time checked with the booking's own duration, confirmed, moved", () => {
    const r = run(hvac, [start, resched, { type: 'bookingsFound', bookings: [b2] }]);
    expect(saidIds(r.last)).toEqual(['foundBooking', 'askNewTime']);
    expect(r.state.expecting).toBe('time');
    const t = run(
      hvac,
      [utter('tuesday at 10', nlu('reschedule', { time: at('2026-12-01T10:00:00-06:00') }))],
      r.state,
    );
    expect(find(t.last, 'checkAvailability')).toMatchObject({
      service: 'Maintenance',
      durationMinutes: 60,
      start: '2026-12-01T16:00:00.000Z',
    });
    const c = run(hvac, [free], t.state);
    expect(c.state.phase).toBe('confirmReschedule');
    expect(saidText(c.last)).toBe(
      'I can move your maintenance visit to Tuesday, December 1st at 10 AM. Shall I go ahead?',
    );
    const m = run(hvac, [yes], c.state);
    expect(m.last).toEqual([
      { type: 'reschedule', bookingId: 'b2', start: '2026-12-01T16:00:00.000Z', durationMinutes: 60 },
    ]);
    const done = run(hvac, [{ type: 'rescheduleResult', ok: true }], m.state);
    expect(saidText(done.last)).toContain('Done. Your maintenance visit is now on Tuesday, December 1st at 10 AM.');
    expect(run(hvac, [no], done.state).state.outcome).toBe('rescheduled');
  });

  test('reschedule to a taken time: alternatives, "the first one" goes to the reschedule read-back', () => {
    const r = run(hvac, [
      start,
      resched,
      { type: 'bookingsFound', bookings: [b2] },
      utter('tuesday at 10', nlu('reschedule', { time: at('2026-12-01T10:00:00-06:00') })),
      { type: 'availabilityResult', free: false, alternatives: ['2026-12-01T18:00:00.000Z'] },
      utter('the first one', nlu('unknown', { choice: 0 })),
    ]);
    expect(r.state.phase).toBe('confirmReschedule');
    const no2 = run(hvac, [no], r.state);
    expect(no2.state.phase).toBe('rescheduleTime');
  });

  test('reschedule: an unclear new time is re-asked, then a callback offered; a failed move too', () => {
    const r = run(hvac, [start, resched, { type: 'bookingsFound', bookings: [b2] }, mumble]);
    expect(saidIds(r.last)).toEqual(['askNewTimeAgain']);
    expect(run(hvac, [mumble], r.state).state.phase).toBe('callbackOffer');
    const f = run(
      hvac,
      [
        utter('tuesday at 10', nlu('reschedule', { time: at('2026-12-01T10:00:00-06:00') })),
        free,
        yes,
        { type: 'rescheduleResult', ok: false },
      ],
      r.state,
    );
    expect(saidIds(f.last)).toEqual(['providerTrouble', 'offerCallback']);
  });

  test('an unclear pick among bookings is re-asked, then a callback offered', () => {
    const r = run(hvac, [start, resched, { type: 'bookingsFound', bookings: [b1, b2] }, mumble]);
    expect(saidIds(r.last)).toEqual(['pickBookingAgain']);
    expect(run(hvac, [mumble], r.state).state.phase).toBe('callbackOffer');
  });
});

describe('silence and hang-up', () => {
  test('silence re-prompts with the open question, then ends politely', () => {
    const r = run(hvac, [start, furnace, { type: 'noInput' }]);
    expect(saidIds(r.last)).toEqual(['stillThere', 'askName']);
    const end = run(hvac, [{ type: 'noInput' }], r.state);
    expect(saidIds(end.last)).toEqual(['noInputGoodbye']);
    expect(end.last.at(-1)).toEqual({ type: 'endCall', outcome: 'hung_up' });
  });

  test('speaking again resets the silence count', () => {
    const r = run(hvac, [start, furnace, { type: 'noInput' }, maria, { type: 'noInput' }]);
    expect(r.state.phase).toBe('collect');
    expect(saidIds(r.last)).toEqual(['stillThere', 'askTime']);
  });

  test('a hang-up after booking still counts as booked; events after the end are ignored', () => {
    const r = run(hvac, [...toConfirm, yes, { type: 'bookingResult', ok: true, bookingId: 'b' }, { type: 'hangup' }]);
    expect(r.last).toEqual([{ type: 'endCall', outcome: 'booked' }]);
    expect(r.state.phase).toBe('goodbye');
    const after = reduce(r.state, yes);
    expect(after.actions).toEqual([]);
    expect(after.state).toBe(r.state);
  });

  test('a hang-up before anything is achieved is hung_up', () => {
    expect(run(hvac, [start, furnace, { type: 'hangup' }]).state.outcome).toBe('hung_up');
  });
});

describe('purity and coverage', () => {
  test('reduce never mutates the state it is given', () => {
    const s0 = initialState(hvac);
    const snapshot = JSON.stringify(s0);
    let s: DialogueState = s0;
    for (const ev of [...toConfirm, yes]) {
      const before = JSON.stringify(s);
      const next = reduce(s, ev).state;
      expect(JSON.stringify(s)).toBe(before);
      s = next;
    }
    expect(JSON.stringify(s0)).toBe(snapshot);
  });

  test('results that arrive in the wrong phase are ignored', () => {
    const s = run(hvac, [start]).state;
    for (const ev of [
      { type: 'availabilityResult', free: true, alternatives: [] },
      { type: 'bookingResult', ok: true, bookingId: 'x' },
      { type: 'bookingsFound', bookings: [] },
      { type: 'cancelResult', ok: true },
      { type: 'rescheduleResult', ok: true },
      { type: 'callStarted' },
    ] as DialogueEvent[]) {
      expect(reduce(s, ev)).toEqual({ state: s, actions: [] });
    }
  });

  test('every phase of the dialogue is reached by the coverage calls', () => {
    const visited = new Set<Phase>();
    for (const c of [...coverageCalls(hvac), ...coverageCalls(context('hvac'))])
      for (const p of c.phases) visited.add(p);
    // A Record over Phase: a phase added to the type must be added here, or this does not compile.
    const all: Record<Phase, true> = {
      greeting: true,
      intent: true,
      collect: true,
      checkingAvailability: true,
      suggestAlternative: true,
      confirm: true,
      booking: true,
      anythingElse: true,
      findingBooking: true,
      askBookingName: true,
      verifyDigits: true,
      pickBooking: true,
      confirmCancel: true,
      cancelling: true,
      rescheduleTime: true,
      confirmReschedule: true,
      rescheduling: true,
      callbackOffer: true,
      intake: true,
      transferring: true,
      messageName: true,
      messageNumber: true,
      messageNumberConfirm: true,
      messageBody: true,
      goodbye: true,
    };
    expect((Object.keys(all) as Phase[]).filter((p) => !visited.has(p))).toEqual([]);
  });

  test.each(['hvac', 'automotive', 'dental', 'salon'] as const)(
    '%s: every fixed phrase spoken is one the org can synthesize ahead of time, with the same text',
    (vertical) => {
      let spoken = 0;
      for (const ctx of [context(vertical), context(vertical, { recordingNotice: true }, null)]) {
        // Some coverage calls run with a transfer number, whose lines such orgs synthesize too.
        const fixed = fixedPhrases({ ...ctx.settings, transfer: { main: '+15125550100' } }, ctx.business);
        for (const { says } of coverageCalls(ctx)) {
          for (const say of says) {
            spoken++;
            if ('dynamic' in say) continue;
            const known = fixed.find((p) => p.id === say.phraseId);
            expect({ id: say.phraseId, text: known?.text }).toEqual({ id: say.phraseId, text: say.text });
          }
        }
      }
      expect(spoken).toBeGreaterThan(40);
    },
  );
});

/** Answers to each booking question, for any vertical (its first service). */
const ANSWERS: Partial<Record<Expectation, (ctx: DialogueContext) => DialogueEvent>> = {
  service: (ctx) => utter('the usual', nlu('booking', { service: ctx.settings.services[0]!.name })),
  name: () => maria,
  time: () => thursday,
  vehicle: () => utter('a 2016 jeep wrangler', nlu('unknown', { vehicle: '2016 Jeep Wrangler' })),
  stylist: () => utter('Jessica', nlu('unknown', { stylist: 'Jessica' })),
};

/** One call driven event by event, keeping every phase it passed through and everything it said. */
function drive(ctx: DialogueContext) {
  let state: DialogueState | undefined;
  const phases = new Set<Phase>();
  const says: SayAction[] = [];
  const call = {
    phases,
    says,
    state: () => state!,
    send(...events: DialogueEvent[]) {
      const r = run(ctx, events, state);
      state = r.state;
      for (const p of r.phases) phases.add(p);
      for (const a of r.all) if (a.type === 'say') says.push(a);
      return call;
    },
    /** Answers each booking question the dialogue asks until it asks none. */
    fill() {
      const next = () => (state!.phase === 'collect' ? ANSWERS[state!.expecting] : undefined);
      for (let a = next(); a; a = next()) call.send(a(ctx));
      return call;
    },
  };
  return call;
}

/**
 * Whole calls that between them pass through every phase of the dialogue. The coverage checks
 * drive these themselves, so they hold whichever tests run, and in whatever order.
 */
function coverageCalls(ctx: DialogueContext): Array<ReturnType<typeof drive>> {
  const [first, second = first] = ctx.settings.services.map((x) => x.name);
  const found = (id: string, service: string, start: string): FoundBooking => ({
    id,
    service,
    start,
    durationMinutes: 60,
    customerName: 'Maria Gonzalez',
  });
  const b1 = found('b1', first!, '2026-11-26T19:00:00.000Z');
  const b2 = found('b2', second!, '2026-11-30T15:00:00.000Z');
  const book = utter('I would like to book an appointment', nlu('booking'));
  const alternatives = ['2026-11-26T20:30:00.000Z', '2026-11-27T15:00:00.000Z'];
  const taken: DialogueEvent = { type: 'availabilityResult', free: false, alternatives };
  const newTime = utter('tuesday at 10', nlu('reschedule', { time: at('2026-12-01T10:00:00-06:00') }));
  const calls = [
    // Booked: collect → check → confirm → booking → anything else → goodbye.
    drive(ctx).send(start, book).fill().send(free, yes, { type: 'bookingResult', ok: true, bookingId: 'b9' }, no),
    // The asked time is taken: an alternative is picked and read back.
    drive(ctx)
      .send(start, book)
      .fill()
      .send(taken, utter('the first one', nlu('unknown', { choice: 0 }))),
    // Not understood twice: a callback is offered and taken.
    drive(ctx).send(start, mumble, mumble, yes),
    // Rescheduling one of two bookings: pick, new time, read-back, move.
    drive(ctx)
      .send(start, utter('I need to reschedule', nlu('reschedule')), { type: 'bookingsFound', bookings: [b1, b2] })
      .send(utter('the second one', nlu('unknown', { choice: 1 })), newTime, free, yes)
      .send({ type: 'rescheduleResult', ok: true }),
  ];
  const cancel = utter('I need to cancel my appointment', nlu('cancel'));
  const cancelled: DialogueEvent[] = [
    { type: 'bookingsFound', bookings: [b1] },
    yes,
    { type: 'cancelResult', ok: true },
    no,
  ];
  // Cancelling the caller's booking, found by phone.
  if (ctx.callerPhone) calls.push(drive(ctx).send(start, cancel, ...cancelled));
  // No caller ID: the name is asked, then searched.
  const anonymous: DialogueContext = { ...ctx };
  delete anonymous.callerPhone;
  calls.push(drive(anonymous).send(start, cancel, maria, ...cancelled));
  // A person asked for: transferred in hours; out of hours a message, with another callback number.
  const staffed: DialogueContext = { ...ctx, settings: { ...ctx.settings, transfer: { main: '+15125550100' } } };
  const person = utter('can I talk to a person', nlu('complex', { wantsHuman: true }));
  calls.push(drive(staffed).send(start, person, { type: 'transferChecked', open: true }));
  const number = utter('five one two five five five zero one nine nine', nlu('unknown'));
  const words = utter('please call me about the furnace noise', nlu('unknown'));
  calls.push(
    drive(staffed).send(start, person, { type: 'transferChecked', open: false }, maria, no, number, yes, words),
  );
  return calls;
}
